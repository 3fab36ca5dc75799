"""A fault-injecting HTTP proxy in front of a real hub, for client tests.

`FaultProxy(hub_url)` listens on 127.0.0.1 and a free port. Each request it receives takes
the next planned `Fault` (`proxy.plan(...)`); once the plan is used up it forwards
requests to the hub unchanged. Every request is recorded (method, path, headers), so a
test can count attempts and check what was sent.

`failing_inserts(engine, table)` is the database's counterpart: a trigger that makes the
real server (SQLite or PostgreSQL) refuse every INSERT into one table, to break a long
write midway the way a full disk or a lost connection would.
"""

from __future__ import annotations

import collections
import enum
import json
import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

import requests
from sqlalchemy import Engine, text


class Fault(enum.Enum):
    FORWARD = "forward"  # no fault
    STATUS_500 = "500"  # a bare 500 with a problem body
    STATUS_503 = "503"  # 503 with Retry-After: 2
    STATUS_503_LONG = "503-long"  # 503 with Retry-After: 3600
    STATUS_429 = "429"  # 429 with Retry-After as an HTTP-date in the past
    MALFORMED = "malformed"  # 200, complete but not JSON
    TRUNCATED = "truncated"  # 200, Content-Length larger than what is sent, then closed
    SCHEMA_VIOLATION = "schema"  # 200, JSON that breaks the contract
    RESET = "reset"  # the connection is reset before any answer
    DROP_AFTER_FORWARD = "drop"  # forwarded (the hub commits), then the answer is lost
    CORRUPT_BODY = "corrupt"  # forwarded, the answer's bytes changed (same length)


_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "content-length",
    "content-encoding",
    "host",
}


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    fault: Fault


class FaultProxy:
    def __init__(self, hub_url: str) -> None:
        self.hub_url = hub_url.rstrip("/")
        self.seen: list[Seen] = []
        self.errors: list[BaseException] = []
        self._plan: collections.deque[Fault] = collections.deque()
        self._lock = threading.Lock()
        self._upstream = requests.Session()
        self._upstream.trust_env = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.handle_error = self._on_error  # type: ignore[method-assign]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def plan(self, *faults: Fault) -> None:
        with self._lock:
            self._plan.extend(faults)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._plan)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
        self._upstream.close()
        if self.errors:
            raise AssertionError(f"the fault proxy failed: {self.errors!r}")

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- inside the server ---------------------------------------------------------------

    def _on_error(self, request: Any, client_address: Any) -> None:
        import sys

        error = sys.exc_info()[1]
        if error is not None and not isinstance(error, ConnectionError):
            self.errors.append(error)

    def _next_fault(self) -> Fault:
        with self._lock:
            return self._plan.popleft() if self._plan else Fault.FORWARD

    def _forward(self, handler: BaseHTTPRequestHandler, body: bytes) -> requests.Response:
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in _HOP_BY_HOP}
        return self._upstream.request(
            handler.command,
            self.hub_url + handler.path,
            headers=headers,
            data=body or None,
            allow_redirects=False,
            timeout=30,
        )

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet

            def end_headers(self) -> None:
                # Every answer closes its connection, so no client reuses a connection
                # that the next fault is about to cut.
                self.send_header("Connection", "close")
                super().end_headers()

            def do_GET(self) -> None:
                self._handle()

            def do_POST(self) -> None:
                self._handle()

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fault = proxy._next_fault()
                proxy.seen.append(Seen(self.command, self.path, dict(self.headers), fault))
                self.close_connection = True
                if fault is Fault.RESET:
                    self._reset()
                elif fault is Fault.DROP_AFTER_FORWARD:
                    proxy._forward(self, body).close()
                    self._reset()
                elif fault is Fault.STATUS_500:
                    self._problem(500, {})
                elif fault is Fault.STATUS_503:
                    self._problem(503, {"Retry-After": "2"})
                elif fault is Fault.STATUS_503_LONG:
                    self._problem(503, {"Retry-After": "3600"})
                elif fault is Fault.STATUS_429:
                    self._problem(429, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
                elif fault is Fault.MALFORMED:
                    self._send(200, b'{"clinic_id": "c-1", "name": ', "application/json")
                elif fault is Fault.TRUNCATED:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "5000")
                    self.end_headers()
                    self.wfile.write(b'{"clinic_id": "c-1"')
                    self.wfile.flush()
                elif fault is Fault.SCHEMA_VIOLATION:
                    body_out = json.dumps({"clinic_id": "", "name": 42}).encode()
                    self._send(200, body_out, "application/json")
                else:
                    upstream = proxy._forward(self, body)
                    content = upstream.content
                    if fault is Fault.CORRUPT_BODY and content:
                        content = bytes([content[0] ^ 0xFF]) + content[1:]
                    self.send_response(upstream.status_code)
                    for name, value in upstream.headers.items():
                        if name.lower() not in _HOP_BY_HOP:
                            self.send_header(name, value)
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _problem(self, status: int, headers: dict[str, str]) -> None:
                body = json.dumps(
                    {"type": "about:blank", "title": "Injected", "status": status, "detail": "x"}
                ).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/problem+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _reset(self) -> None:
                """Close with RST (SO_LINGER 0) so the client sees a reset, not an answer."""
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.connection.close()

        return Handler


# --- database faults -------------------------------------------------------------------

INJECTED = "injected fault"


@contextmanager
def failing_inserts(engine: Engine, table: str) -> Iterator[None]:
    """While inside, every INSERT into `table` fails in the database server itself
    (a BEFORE INSERT trigger raising "injected fault"); the trigger is dropped after."""
    name = f"cd_fault_{table}"
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(
                text(
                    f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    f"BEGIN RAISE EXCEPTION '{INJECTED}: no insert into {table}'; "
                    "END $$"
                )
            )
            conn.execute(
                text(
                    f"CREATE TRIGGER {name} BEFORE INSERT ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION {name}()"
                )
            )
        else:
            conn.execute(
                text(
                    f"CREATE TRIGGER {name} BEFORE INSERT ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{INJECTED}: no insert into {table}'); END"
                )
            )
    try:
        yield
    finally:
        with engine.begin() as conn:
            conn.execute(
                text(
                    f"DROP TRIGGER {name}"
                    + (f" ON {table}" if engine.dialect.name == "postgresql" else "")
                )
            )
            if engine.dialect.name == "postgresql":
                conn.execute(text(f"DROP FUNCTION {name}()"))
