"""What every area widget is given: the database, who is signed in, the runner, the
message bridge and the UI-state store. Areas never reach into the main window."""

from __future__ import annotations

from dataclasses import dataclass

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.services.setup import ClinicInfo
from clinicdesk.ui.messages import MessageBridge
from clinicdesk.ui.tasks import TaskRunner
from clinicdesk.ui.ui_state import UiState


@dataclass
class AppContext:
    db: Database
    principal: Principal
    clinic: ClinicInfo
    runner: TaskRunner
    messages: MessageBridge
    ui_state: UiState
