"""The import holds back the automatic garbage collector, and gives it back as it was."""

from __future__ import annotations

import gc

from clinicdesk.services import collector


def test_the_collector_is_back_when_the_last_pause_ends() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():  # a second import at the same time
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first is still running
        collector.collect_young()
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_inside_gives_the_collector_back() -> None:
    try:
        with collector.paused():
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert gc.isenabled()
