"""contrib/monitor.service and the Containerfile cannot be built here: check that what
they run are commands (and options) that exist, and the settings issue 15 asks for."""

from __future__ import annotations

import configparser
import json
import shlex
import tomllib

from monitor.cli import COMMANDS
from tests.support.inprocess import invoke_monitor
from tests.support.polling import REPO


def _unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string((REPO / "contrib" / "monitor.service").read_text(encoding="utf-8"))
    return unit


def _runs(argv: list[str]) -> None:
    """``argv`` (monitor's arguments) parses: the command exists and takes these options."""
    assert argv and argv[0] in COMMANDS, argv
    done = invoke_monitor(*argv, "--help")
    assert done.returncode == 0, (argv, done.stderr)
    assert done.stdout.startswith(f"Usage: monitor {argv[0]}")


def test_systemd_unit_runs_existing_commands_as_a_dedicated_user():
    service = _unit()["Service"]
    assert service["Restart"] == "on-failure"
    assert service["User"] and service["User"] != "root"
    assert service["StateDirectory"] == "monitor"
    assert "/var/lib/monitor" in service["Environment"] or "MONITOR_DB" in service.get(
        "Environment", "")
    for key in ("ExecStart", "ExecStartPre"):
        argv = shlex.split(service[key])
        assert argv[0].endswith("/bin/monitor"), argv
        _runs(argv[1:])
    assert shlex.split(service["ExecStart"])[1] == "run"


def test_containerfile_entry_point_is_the_installed_monitor_command():
    lines = (REPO / "Containerfile").read_text(encoding="utf-8").splitlines()
    directives = {line.split(None, 1)[0]: line.split(None, 1)[1] for line in lines
                  if line and not line.startswith("#") and line.split(None, 1)[0].isupper()
                  and len(line.split(None, 1)) == 2}
    entry = json.loads(directives["ENTRYPOINT"])
    command = json.loads(directives["CMD"])
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert entry == ["monitor"] and "monitor" in scripts
    _runs(command)
    assert command == ["run"]
    assert directives["USER"] != "root"
    # the usage examples in its comments name commands and options that exist
    examples = [line.split("monitor ", 2)[-1] for line in lines
                if line.startswith("#") and " monitor run " in line]
    assert examples
    for example in examples:
        _runs(shlex.split(example.split("#")[0]))
