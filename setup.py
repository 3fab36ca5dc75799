"""What pyproject.toml cannot say:

- the top-level `resources/` folder (default standards, courses, the guide, icons,
  translations) ships inside the package as `clinicdesk/resources`, where
  `clinicdesk.resources_root()` finds it in a wheel or a frozen build. A source checkout
  keeps it at the top level, as the project's layout has it;
- the translations are compiled as the package is built (Qt's .qm, gettext's .mo; see
  installer/translations.py): into the wheel, or beside their sources for an editable
  install."""

import importlib.util
import sys
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _translations_tool():
    spec = importlib.util.spec_from_file_location(
        "clinicdesk_translations", HERE / "installer" / "translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class BuildWithTranslations(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            target = HERE / "resources" / "translations"
        else:
            target = Path(self.build_lib) / "clinicdesk" / "resources" / "translations"
        _translations_tool().compile_all(target)


setup(
    packages=[*find_packages(include=["clinicdesk*"]), "clinicdesk.resources"],
    package_dir={"clinicdesk.resources": "resources"},
    cmdclass={"build_py": BuildWithTranslations},
)
