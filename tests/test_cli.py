"""Every CLI command has --help and --json, and errors are one line, never a traceback."""

import argparse
import subprocess
import sys

import pytest

from saring.cli import build_parser, main


def _subcommands(parser: argparse.ArgumentParser, prefix=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _subcommands(sub, prefix + (name,))
            return
    if prefix:
        yield prefix, parser


COMMANDS = list(_subcommands(build_parser()))


def test_the_cli_has_commands():
    names = {c[0][0] for c in COMMANDS}
    assert {"demo"} <= names


@pytest.mark.parametrize("path,parser", COMMANDS, ids=[" ".join(c[0]) for c in COMMANDS])
def test_every_command_has_help_and_json(path, parser):
    options = {opt for action in parser._actions for opt in action.option_strings}
    assert "--help" in options
    assert "--json" in options, f"saring {' '.join(path)} has no --json"


def test_help_exits_zero(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "saring" in capsys.readouterr().out


def test_the_console_script_runs_as_a_module():
    out = subprocess.run(
        [sys.executable, "-m", "saring.cli", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("saring ")
