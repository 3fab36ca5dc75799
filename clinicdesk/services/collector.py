"""Python's cyclic garbage collector held back during an import, or while a large
read-only result (the compliance matrix) is built.

An import decodes file after file into large trees of dicts and lists and builds records
from them. Each time enough new containers survive a moment, the collector runs, and now
and then a full pass walks every object the process holds (SQLAlchemy's, Qt's, the
file's): on the benchmark's one-patient files that was a quarter of the import's time,
none of it finding anything, since JSON trees and records hold no cycles and go away by
reference counting. So an import pauses the automatic collector and collects the young
objects itself after each transaction (what its sessions and rows left in cycles): memory
stays flat and the full passes are not made. The collector is back as it was when the
last running import ends (imports may run at once in several threads).

The compliance matrix builds thousands of small cell records from the rows it reads, none
in a cycle: the collector's passes over them were a sixth of its time.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """The automatic collector off for the block (reference counting goes on as ever)."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()


def collect_young() -> None:
    """Collect what the objects made since the last collection left in cycles (the two
    young generations: cheap, they hold only what was made since)."""
    gc.collect(1)
