"""`clinicdesk` without a command opens the window without building the command table
(DESIGN §9: the first frame pays for no command; the e2e first-frame test checks no
command module is loaded); anything else goes to the full parser."""

from __future__ import annotations

import pytest

from clinicdesk import cli


@pytest.mark.parametrize(
    ("arguments", "db", "demo"),
    [
        ([], None, False),
        (["--db", "sqlite:///clinic.sqlite3"], "sqlite:///clinic.sqlite3", False),
        (["-v", "--db=sqlite:///c.sqlite3"], "sqlite:///c.sqlite3", False),
        (["--demo"], None, True),
    ],
)
def test_the_window_options_alone_are_taken_without_the_command_table(arguments, db, demo):
    args = cli._window_arguments(arguments)
    assert args is not None
    assert (args.db, args.demo) == (db, demo)


@pytest.mark.parametrize(
    "arguments",
    [
        ["users", "list"],
        ["--db", "sqlite:///c.sqlite3", "self-test"],
        ["--help"],
        ["-h"],
        ["--db"],  # its value is missing: the full parser says so
        ["--no-such-option"],
    ],
)
def test_a_command_help_or_a_mistake_goes_to_the_full_parser(arguments):
    assert cli._window_arguments(arguments) is None
