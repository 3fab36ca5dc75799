"""Known errors: things the environment or the person did, with a message a clinic
manager can act on. Anything that is not a ClinicDeskError is a bug.

Every message says what is wrong and what to do next. The UI shows these through one
bridge (`ui/messages.py`); the CLI prints them to stderr and exits with `exit_code`.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable

# Exit code of a command that hit a bug (not a known error); sysexits' EX_SOFTWARE.
EXIT_BUG = 70


class ClinicDeskError(Exception):
    """Base of every known error. `str(err)` is the message for a person."""

    title = "ClinicDesk"
    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message}\n{hint}")


class ValidationError(ClinicDeskError):
    """Input that cannot be accepted as it is."""

    title = "Please check the input"
    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None, hint: str | None = None):
        self.field = field
        super().__init__(message, hint=hint)


class NotFoundError(ClinicDeskError):
    title = "Not found"
    exit_code = 2


class ConflictError(ClinicDeskError):
    """Someone else changed the record first, or the operation clashes with what is stored."""

    title = "Changed elsewhere"
    exit_code = 3


class PermissionDenied(ClinicDeskError):
    title = "Not allowed"
    exit_code = 4


class AuthenticationError(ClinicDeskError):
    """Sign-in failed. The message never says whether the user name exists."""

    title = "Sign-in failed"
    exit_code = 4


class AccountLocked(AuthenticationError):
    title = "Account locked"


class StorageError(ClinicDeskError):
    """The database or a file could not be used: unreachable, locked, read-only, full,
    damaged, or from a newer program."""

    title = "Database problem"
    exit_code = 5


class ConfigurationError(ClinicDeskError):
    title = "Settings problem"
    exit_code = 6


class NetworkError(ClinicDeskError):
    title = "Network problem"
    exit_code = 7


class Cancelled(ClinicDeskError):
    """Raised inside background work when the person pressed Cancel."""

    title = "Cancelled"
    exit_code = 130


def log_reference(error: ClinicDeskError) -> str:
    """What the log says about a known error: its kind and the field it names, never its
    text — messages quote names, MRNs and what was typed, and the log file is not the
    place for patient data."""
    field = getattr(error, "field", None)
    return type(error).__name__ + (f" (field {field})" if field else "")


def describe_bug(error: BaseException) -> str:
    """A bug for the log: each exception's type and the code path it took (files, lines,
    functions), through its causes — but no message and no source line, which may quote
    a patient's name or a database row."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if lines:
            lines.append("caused by (or raised while handling):")
        lines.append("Traceback (most recent call last):")
        lines.extend(
            f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}'
            for frame in traceback.extract_tb(current.__traceback__)
        )
        kind = type(current)
        lines.append(f"{kind.__module__}.{kind.__qualname__} (message not logged)")
        current = current.__cause__ or current.__context__
    return "\n".join(lines)


def run_command(prog: str, command: Callable[[], int]) -> int:
    """Run a command-line action: a known error prints its message and hint to stderr
    and returns its exit code; a bug is logged with its traceback and returns EXIT_BUG."""
    try:
        return command()
    except ClinicDeskError as error:
        print(f"{prog}: {error.message}", file=sys.stderr)
        if error.hint:
            print(error.hint, file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        logging.getLogger("clinicdesk").error(
            "Unexpected error in %s (a bug): %s\n%s",
            prog,
            type(error).__name__,
            describe_bug(error),
        )
        print(
            f"{prog}: unexpected error: {error!r}\n"
            "This is a bug in ClinicDesk. Please report it with the text above.",
            file=sys.stderr,
        )
        return EXIT_BUG
