"""Fixtures for the security suite.

`tripwire`: a named pipe (FIFO) that tells whether anything opened it. A watcher process
keeps trying to open the pipe for writing without blocking, which succeeds only while
some process has it open for reading; each success is counted, and the open then lets
the reader go on (it reads nothing), so a program that wrongly opens the file is caught
instead of hanging the test. The watcher is a separate process because a Qt call that
blocks in open() may hold the Python lock.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

_WATCHER = r"""
import errno, os, sys, time
pipe, count_file = sys.argv[1], sys.argv[2]
opened = 0
while True:
    try:
        fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno != errno.ENXIO:
            raise
        time.sleep(0.005)
        continue
    opened += 1
    os.close(fd)
    with open(count_file, "w") as out:
        out.write(str(opened))
"""


@dataclass
class Tripwire:
    path: Path
    count_file: Path

    def opened(self) -> int:
        """How many times something opened the pipe for reading so far."""
        time.sleep(0.1)  # let the watcher see an open that just happened
        try:
            return int(self.count_file.read_text() or 0)
        except FileNotFoundError:
            return 0


def make_tripwire(path: Path) -> Iterator[Tripwire]:
    if sys.platform == "win32":
        pytest.skip("named pipes on the file system are POSIX only")
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    count_file = path.with_name(path.name + ".opened")
    watcher = subprocess.Popen([sys.executable, "-c", _WATCHER, str(path), str(count_file)])
    try:
        yield Tripwire(path, count_file)
    finally:
        watcher.kill()
        watcher.wait(10)


@pytest.fixture
def tripwire(tmp_path: Path) -> Iterator[Tripwire]:
    yield from make_tripwire(tmp_path / "tripwire" / "sentinel.png")
