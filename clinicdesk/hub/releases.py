"""The ClinicDesk release a hub publishes: `hub serve --client-version RELEASE
[--client-download-url URL]` sets it for the workers through the environment, and
`PublishRelease` puts it on every answer (CLIENT_VERSION_HEADER, CLIENT_DOWNLOAD_HEADER), so
a clinic's program hears of an update with no request of its own."""

from __future__ import annotations

import os

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clinicdesk.domain.versions import parse_release
from clinicdesk.errors import ValidationError
from clinicdesk.federation.schemas import (
    CLIENT_DOWNLOAD_HEADER,
    CLIENT_VERSION_HEADER,
    ClientRelease,
)

ENV_CLIENT_VERSION = "CLINICDESK_HUB_CLIENT_VERSION"
ENV_CLIENT_DOWNLOAD = "CLINICDESK_HUB_CLIENT_DOWNLOAD_URL"


class PublishRelease:
    """Put the current ClinicDesk release (and where to get it) on every answer, so a
    clinic's program hears of an update with no request of its own."""

    def __init__(self, app: ASGIApp, release: ClientRelease) -> None:
        self.app = app
        self.headers = [(CLIENT_VERSION_HEADER.lower().encode(), release.version.encode())]
        if release.download_url:
            self.headers.append(
                (CLIENT_DOWNLOAD_HEADER.lower().encode(), release.download_url.encode())
            )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_release(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.headers]}
            await send(message)

        await self.app(scope, receive, send_with_release)


def client_release_from_environment() -> ClientRelease | None:
    """The release `hub serve --client-version` set for its workers; refused when it is
    not a release number or the address is not https."""
    version = os.environ.get(ENV_CLIENT_VERSION, "").strip()
    download = os.environ.get(ENV_CLIENT_DOWNLOAD, "").strip() or None
    if not version:
        return None
    return check_client_release(version, download)


def check_client_release(version: str, download: str | None) -> ClientRelease:
    if parse_release(version) is None:
        raise ValidationError(
            f"“{version}” is not a ClinicDesk release number.",
            hint="Give it as the program's --version prints it, e.g. 0.2.0.",
            field="client_version",
        )
    if download is not None and not download.startswith("https://"):
        raise ValidationError(
            "The download address must start with https://.", field="client_download_url"
        )
    return ClientRelease(version, download)
