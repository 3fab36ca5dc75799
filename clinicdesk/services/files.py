"""Writing a file a person asked for (a PDF, a CSV export) so that a partial file never
replaces a good one: written beside it under a hidden name, then renamed over it. The
file is readable by its owner only (0600 on POSIX)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from clinicdesk import paths
from clinicdesk.errors import StorageError, ValidationError
from clinicdesk.i18n import _


def check_folder(destination: Path) -> Path:
    """The destination, refused before any work is done when its folder does not exist."""
    destination = Path(destination)
    if not destination.parent.is_dir():
        raise ValidationError(
            _("The folder {parent} does not exist.").format(parent=destination.parent),
            hint=_("Choose another."),
        )
    return destination


@contextmanager
def atomic_file(destination: Path) -> Iterator[Path]:
    """A temporary path to write; it replaces `destination` only if the block succeeds."""
    destination = check_folder(destination)
    tmp = destination.with_name(f".{destination.name}.partial")
    try:
        paths.create_private_file(tmp)  # exports hold patient and member data: 0600
        yield tmp
        tmp.replace(destination)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise StorageError(
            _("Could not write {destination}: {strerror}").format(
                destination=destination, strerror=error.strerror or error
            ),
            hint=_("Choose another folder or free some disk space."),
        ) from error
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_file(destination: Path, content: bytes) -> Path:
    with atomic_file(destination) as tmp:
        tmp.write_bytes(content)
    return Path(destination)
