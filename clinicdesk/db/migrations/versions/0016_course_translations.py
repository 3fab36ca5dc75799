"""course translations: a course's title and summary in other languages (issue #17)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 23:00:00

The `translations` of a stored package's manifest (`course.json`: {"es": {"title": …,
"summary": …}}), kept beside the title so that the course list reads in the person's
language without opening every package. NULL for a version not downloaded yet, or
published without any. Packages stored before this revision are read once here.
"""

from __future__ import annotations

import io
import json
import zipfile

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def _manifest_translations(package: bytes) -> object | None:
    """The manifest's translations, or None for a package this step cannot read (the
    program checks packages when it opens them; a migration never refuses one)."""
    try:
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            manifest = json.loads(archive.read("course.json"))
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None
    translations = manifest.get("translations") if isinstance(manifest, dict) else None
    return translations if isinstance(translations, dict) and translations else None


def upgrade() -> None:
    with op.batch_alter_table("course_version") as batch:
        batch.add_column(sa.Column("translations", sa.JSON(), nullable=True))
    course_version = sa.table(
        "course_version",
        sa.column("id", sa.Integer),
        sa.column("package", sa.LargeBinary),
        sa.column("translations", sa.JSON),
    )
    connection = op.get_bind()
    ids = connection.execute(
        sa.select(course_version.c.id).where(course_version.c.package.is_not(None))
    ).scalars()
    for row_id in list(ids):  # one package (about 1 MB) in memory at a time
        package = connection.execute(
            sa.select(course_version.c.package).where(course_version.c.id == row_id)
        ).scalar_one()
        translations = _manifest_translations(bytes(package))
        if translations is not None:
            connection.execute(
                course_version.update()
                .where(course_version.c.id == row_id)
                .values(translations=translations)
            )


def downgrade() -> None:
    with op.batch_alter_table("course_version") as batch:
        batch.drop_column("translations")
