"""Training tracking (issue #10): staff, requirements in force, the append-only completion
ledger, states as of any date, the in-app course with its quiz, certificates, the
compliance matrix and its outputs, and the push of completions to the hub.

Permissions: everyone sees and takes their own training (VIEW_OWN_TRAINING); managers see
the matrix and anyone's transcript (VIEW_TRAINING), record and revoke completions for
anyone (RECORD_TRAINING) and keep the staff list (MANAGE_STAFF); administrators configure
local requirements and reminder offsets (CONFIGURE_TRAINING). Every change is audited.

The rules themselves are pure and live in `clinicdesk.domain.training`.
"""

from __future__ import annotations

from clinicdesk.domain.training import (
    DEFAULT_REMINDER_OFFSETS,
    MAX_EVIDENCE_BYTES,
    CompletionKind,
    TrainingState,
)
from clinicdesk.services.training.completions import (
    completion_evidence,
    list_completions,
    record_completion,
    revoke_completion,
    verify_certificate,
)
from clinicdesk.services.training.courses import (
    course_content,
    get_progress,
    install_shipped_courses,
    save_progress,
    submit_quiz,
)
from clinicdesk.services.training.outputs import (
    certificate_pdf,
    export_matrix,
    matrix_csv,
    transcript_pdf,
    write_file,
)
from clinicdesk.services.training.requirements import (
    add_local_requirement,
    end_local_requirement,
    reminder_offsets,
    requirements_in_force,
    set_reminder_offsets,
)
from clinicdesk.services.training.staff import (
    add_staff,
    end_staff,
    find_staff,
    list_staff,
    my_staff,
    update_staff,
)
from clinicdesk.services.training.status import (
    compliance_matrix,
    expiring_soon,
    my_training,
    today_summary,
    transcript,
)
from clinicdesk.services.training.types import (
    CellStatus,
    CertificateCheck,
    CompletionInfo,
    CourseContent,
    CourseProgress,
    CourseSection,
    DueItem,
    Matrix,
    MatrixRow,
    MyRequirement,
    MyTraining,
    QuizQuestionView,
    QuizResult,
    RequirementInfo,
    StaffInfo,
    TrainingSummary,
    Transcript,
)

__all__ = [
    "DEFAULT_REMINDER_OFFSETS",
    "MAX_EVIDENCE_BYTES",
    "CellStatus",
    "CertificateCheck",
    "CompletionInfo",
    "CompletionKind",
    "CourseContent",
    "CourseProgress",
    "CourseSection",
    "DueItem",
    "Matrix",
    "MatrixRow",
    "MyRequirement",
    "MyTraining",
    "QuizQuestionView",
    "QuizResult",
    "RequirementInfo",
    "StaffInfo",
    "TrainingState",
    "TrainingSummary",
    "Transcript",
    "add_local_requirement",
    "add_staff",
    "certificate_pdf",
    "completion_evidence",
    "compliance_matrix",
    "course_content",
    "end_local_requirement",
    "end_staff",
    "expiring_soon",
    "export_matrix",
    "find_staff",
    "get_progress",
    "install_shipped_courses",
    "list_completions",
    "list_staff",
    "matrix_csv",
    "my_staff",
    "my_training",
    "record_completion",
    "reminder_offsets",
    "requirements_in_force",
    "revoke_completion",
    "save_progress",
    "set_reminder_offsets",
    "submit_quiz",
    "today_summary",
    "transcript",
    "transcript_pdf",
    "update_staff",
    "verify_certificate",
    "write_file",
]
