"""Writing an export: atomically (a partial file is never left under the real name) and
with a message a person can act on when it cannot be done."""

from __future__ import annotations

from pathlib import Path

from clinicdesk.errors import StorageError, ValidationError


def write_atomically(destination: Path, content: bytes) -> None:
    """Write `content` to `destination` through a hidden partial file renamed into place;
    ValidationError for a missing folder, StorageError saying what went wrong otherwise."""
    destination = Path(destination)
    if not destination.parent.exists():
        raise ValidationError(f"The folder {destination.parent} does not exist.")
    tmp = destination.with_name(f".{destination.name}.partial")
    try:
        tmp.write_bytes(content)
        tmp.replace(destination)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise StorageError(
            f"Could not write {destination}: {error.strerror or error}",
            hint="Choose another folder or free some disk space.",
        ) from error
