"""installer/translations.py for tests, and catalogues compiled from the translation
sources as they are now (a source checkout need not hold compiled ones, and an older
install's must not answer for the current sources)."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]


@cache
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "clinicdesk_translations", REPO / "installer" / "translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def compile_now(target: Path) -> Path:
    """Compile every language into `target`; returns it."""
    tool().compile_all(target)
    return target
