"""The one thing pyproject.toml cannot say: the top-level `resources/` folder (default
standards, courses, the guide, icons) ships inside the package as `clinicdesk/resources`,
where `clinicdesk.resources_root()` finds it in a wheel or a frozen build. A source
checkout keeps it at the top level, as the project's layout has it."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["clinicdesk*"]), "clinicdesk.resources"],
    package_dir={"clinicdesk.resources": "resources"},
)
