"""The `monitor` command line: argument parsing only.

Subcommands live in sibling modules and are imported only when invoked, so
`monitor --help` stays fast (the heavy libraries load with the command that
needs them).
"""

from __future__ import annotations

import importlib
import sys

import click

from monitor.errors import MonitorError

# command name -> "module:attribute"; the order is the order of `monitor --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("monitor.cli.polling:run", "Run the daemon: poll every feed on its schedule."),
    "poll": ("monitor.cli.polling:poll", "Poll feeds once, deliver alerts, then exit."),
    "check": ("monitor.cli.polling:check", "Validate the configuration and exit."),
    "feeds": ("monitor.cli.browse:feeds", "Show every feed's polling status."),
    "stories": ("monitor.cli.browse:stories", "List stored stories."),
    "history": ("monitor.cli.browse:history", "Show a story's versions and fact changes."),
    "diff": ("monitor.cli.diff:diff", "Show the fact changes between two versions."),
    "changes": ("monitor.cli.changes:changes",
                "List fact changes across stories, newest first (or as Atom)."),
    "mute": ("monitor.cli.manage:mute", "Mute a story: still tracked, no alerts."),
    "unmute": ("monitor.cli.manage:unmute", "Unmute a story: its alerts are sent again."),
    "prune": ("monitor.cli.manage:prune", "Remove old stories' versions and reclaim space."),
    "alerts": ("monitor.cli.alerts:alerts", "List, retry and test alert deliveries."),
    "replay": ("monitor.cli.replay:replay", "Run archived story versions through the pipeline."),
    "demo": ("monitor.cli.replay:demo", "An offline tour: watch a story change and alerts fire."),
    "serve": ("monitor.cli.serve:serve", "Serve a web view, JSON API, Atom feed and metrics."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        target, _ = COMMANDS[cmd_name]
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help from the table above: listing must not import every command.
        rows = [(name, short) for name, (_, short) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="monitor", prog_name="monitor")
def cli() -> None:
    """Watch news feeds and alert when a FACT in a story changes.

    Configuration comes from --config, $MONITOR_CONFIG or ./feeds.yaml; the
    store from --db, $MONITOR_DB or db/monitor.db.  Set NO_COLOR to disable
    colour.  Exit codes: 0 success, 1 a feed failed or (with --exit-code) a
    fact changed, 2 usage or configuration error.
    """


def main() -> None:
    try:
        rv = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except MonitorError as exc:
        from monitor.cli.common import echo

        echo(f"monitor: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(rv if isinstance(rv, int) else 0)
