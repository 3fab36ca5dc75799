"""A real hub process for tests: `python -m clinicdesk.hub serve` on 127.0.0.1 and a free
port, against a SQLite file or a PostgreSQL schema, with its output in files so that a
test can fail on any WARNING, ERROR or traceback the hub logged."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from clinicdesk.hub import cli as hub_cli

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 20.0
PORT_ATTEMPTS = 5
_PROBLEM_LINE = re.compile(
    r"^(WARNING|ERROR|CRITICAL)\b|Traceback \(most recent call last\)|Exception ignored"
    r"|\b[A-Z]\w*Warning\b"
)


def make_test_ca(folder: Path) -> tuple[Path, Path, Path]:
    """A throw-away certificate authority and a certificate it signed for 127.0.0.1
    (openssl): (certificate, key, CA bundle)."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca_cert = folder / "ca.key", folder / "ca.pem"
    key, csr, cert = folder / "hub.key", folder / "hub.csr", folder / "hub.pem"
    ext = folder / "hub.ext"
    ext.write_text("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n", encoding="utf-8")

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key),
        "-out", str(ca_cert), "-days", "2", "-subj", "/CN=Test Federation CA",
    )  # fmt: skip
    openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr),
        "-subj", "/CN=127.0.0.1",
    )  # fmt: skip
    openssl(
        "x509", "-req", "-in", str(csr), "-CA", str(ca_cert), "-CAkey", str(ca_key),
        "-CAcreateserial", "-out", str(cert), "-days", "2", "-extfile", str(ext),
    )  # fmt: skip
    return cert, key, ca_cert


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def hub_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The child's environment: no CLINICDESK_* from the test run, warnings are errors."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLINICDESK_")}
    env["PYTHONWARNINGS"] = "error"
    env.update(extra or {})
    return env


def run_admin(db_url: str, *args: str) -> tuple[int, str, str]:
    """An admin command in this process (`clinicdesk.hub.cli.main`): exit code, stdout,
    stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = hub_cli.main([*args, "--db", db_url])
    return code, out.getvalue(), err.getvalue()


def admin_json(db_url: str, *args: str) -> Any:
    code, out, err = run_admin(db_url, *args)
    assert code == 0, f"hub {' '.join(args)} -> {code}\n{out}\n{err}"
    return json.loads(out)


@dataclass
class HubProcess:
    db_url: str
    port: int
    process: subprocess.Popen[bytes]
    stdout_path: Path
    stderr_path: Path
    _log_offset: int = field(default=0)
    scheme: str = "http"

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def mark_log(self) -> None:
        """Problems in the log are counted from here on."""
        self._log_offset = self.stderr_path.stat().st_size

    def log_problems(self) -> list[str]:
        with self.stderr_path.open("rb") as stream:
            stream.seek(self._log_offset)
            text = stream.read().decode("utf-8", errors="replace")
        return [line for line in text.splitlines() if _PROBLEM_LINE.search(line)]

    def client(self, api_key: str | None = None) -> HubClient:
        return HubClient(self.base_url, api_key)

    def stop(self) -> None:
        """Stop the way a service manager does (SIGTERM) and check that the hub shut down
        gracefully. uvicorn re-raises the signal once it has finished, so the exit status
        is -SIGTERM."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError(
                    f"the hub did not stop within {STOP_TIMEOUT_S} s\n{self.log()}"
                ) from None
        assert self.process.returncode in (0, -signal.SIGTERM), self.log()
        assert "Finished server process" in self.log(), self.log()


def start_hub(
    db_url: str,
    folder: Path,
    *,
    workers: int = 1,
    tls: tuple[Path, Path, Path] | None = None,
    extra_args: Sequence[str] = (),
) -> HubProcess:
    """Start `clinicdesk hub serve` and wait until it answers. `tls`: (certificate, key,
    CA bundle that signed it) to serve HTTPS. A port that another process (a parallel
    test worker) took between the probe and the hub's bind is retried on another."""
    for _attempt in range(PORT_ATTEMPTS - 1):
        try:
            return _start_hub_on(
                free_port(), db_url, folder, workers=workers, tls=tls, extra_args=extra_args
            )
        except _PortTaken:
            continue
    return _start_hub_on(
        free_port(), db_url, folder, workers=workers, tls=tls, extra_args=extra_args
    )


class _PortTaken(Exception):
    pass


def _start_hub_on(
    port: int,
    db_url: str,
    folder: Path,
    *,
    workers: int,
    tls: tuple[Path, Path, Path] | None,
    extra_args: Sequence[str] = (),
) -> HubProcess:
    folder.mkdir(parents=True, exist_ok=True)
    stdout_path = folder / f"hub-{port}.out.log"
    stderr_path = folder / f"hub-{port}.err.log"
    command = [
        sys.executable,
        "-m",
        "clinicdesk.hub",
        "serve",
        "--db",
        db_url,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    if tls is not None:
        command += ["--ssl-certfile", str(tls[0]), "--ssl-keyfile", str(tls[1])]
    command += list(extra_args)
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        process = subprocess.Popen(
            command, stdout=out, stderr=err, env=hub_env(), cwd=REPO_ROOT, stdin=subprocess.DEVNULL
        )
    hub = HubProcess(
        db_url, port, process, stdout_path, stderr_path, scheme="https" if tls else "http"
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    with requests.Session() as probe:
        probe.trust_env = False
        if tls is not None:
            probe.verify = str(tls[2])
        while True:
            if process.poll() is not None:
                if "address already in use" in hub.log().lower():
                    raise _PortTaken(port)
                raise AssertionError(f"the hub exited with {process.returncode}:\n{hub.log()}")
            try:
                if probe.get(f"{hub.base_url}/openapi.json", timeout=2).status_code == 200:
                    return hub
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                hub.stop()
                raise AssertionError(f"the hub did not answer within {START_TIMEOUT_S} s")
            time.sleep(0.05)


class HubClient:
    """requests against one hub, as one clinic (or as nobody, without a key)."""

    def __init__(self, base_url: str, api_key: str | None = None) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.session.trust_env = False  # never a proxy for 127.0.0.1
        if api_key is not None:
            self.session.headers["Authorization"] = f"Bearer {api_key}"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.base_url + path, timeout=30, **kwargs)

    def post(
        self, path: str, body: Any = None, *, key: str | None = None, **kwargs: Any
    ) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if key is not None:
            headers["Idempotency-Key"] = key
        if body is not None:
            kwargs["json"] = body
        return self.session.post(self.base_url + path, headers=headers, timeout=30, **kwargs)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, self.base_url + path, timeout=30, **kwargs)

    def close(self) -> None:
        self.session.close()


def assert_problem(
    response: requests.Response, status: int, problem_type: str | None = None
) -> Any:
    """The response is an RFC 9457 problem with `status` (and `problem_type`); returns it."""
    assert response.status_code == status, f"{response.status_code}: {response.text}"
    assert response.headers["Content-Type"] == "application/problem+json", response.headers
    problem = response.json()
    assert problem["status"] == status
    assert problem["title"]
    assert isinstance(problem["detail"], str) and len(problem["detail"]) > 10, problem
    if problem_type is not None:
        assert problem["type"] == problem_type, problem
    return problem
