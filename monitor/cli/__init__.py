"""The `monitor` command line: argument parsing only.

Subcommands live in sibling modules and are imported only when invoked, so
`monitor --help` stays fast (the heavy libraries load with the command that
needs them).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import MutableMapping

import click

from monitor.errors import MonitorError

# httpx imports its own command line (httpx._main) with itself, to offer ``httpx.main``,
# whenever click and pygments import; this process never runs it, and the import costs
# ~4-7 ms of CPU on every `monitor poll`'s way to its first request (pygments' lexer table
# among it; it then fails anyway when rich is missing; issue 12).  A None entry makes
# that import fail at once, as a missing rich does: httpx then defines a stub ``main``.
# Only this process's: monitor's library modules leave httpx as they find it.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

# command name -> "module:attribute"; the order is the order of `monitor --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("monitor.cli.setup:init", "Start a folder: a commented feeds.yaml and db/."),
    "add": ("monitor.cli.setup:add", "Add a feed (or a page's feed) to feeds.yaml."),
    "opml": ("monitor.cli.opml:opml", "Import or export the feed list as OPML."),
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
    "migrate-store": ("monitor.cli.migrate:migrate_store",
                      "Copy a store into another: SQLite to PostgreSQL, or back."),
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
        command = getattr(importlib.import_module(module_name), attr)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help from the table above: listing must not import every command.
        rows = [(name, short) for name, (_, short) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="monitor", prog_name="monitor")
@click.pass_context
def cli(ctx: click.Context) -> int | None:
    """Watch news feeds and alert when a FACT in a story changes.

    Configuration comes from --config, $MONITOR_CONFIG or ./feeds.yaml; the
    store from --db, $MONITOR_DB or db/monitor.db.  --config, --db and --json
    may be given anywhere on the line.  Set NO_COLOR to disable colour.  Exit
    codes: 0 success, 1 a feed failed or (with --exit-code) a fact changed, 2
    usage or configuration error.
    """
    if ctx.invoked_subcommand is None:  # bare `monitor`: the help, and success
        click.echo(ctx.get_help())
        return 0
    return None


# ---------------------------------------------------------------- options anywhere

GLOBAL_VALUE_OPTIONS = {"--config": "MONITOR_CONFIG", "--db": "MONITOR_DB"}
GLOBAL_FLAGS = ("--json",)


def hoist_global_options(args: list[str],
                         environ: MutableMapping[str, str] | None = None) -> list[str]:
    """--config, --db and --json wherever they are on the line, moved to the command that
    takes them: `monitor --config F stories`, `monitor stories --config F` and `monitor
    alerts test hook --config F` all work.  A command that has no use for --config or --db
    gets it through $MONITOR_CONFIG / $MONITOR_DB (in ``environ``), so it is accepted
    everywhere; --json given to a command without JSON output stays a usage error."""
    environ = os.environ if environ is None else environ
    end = args.index("--") if "--" in args else len(args)
    head, tail = args[:end], args[end:]
    found: list[tuple[str, str | None]] = []
    rest: list[str] = []
    i = 0
    while i < len(head):
        token = head[i]
        name, eq, value = token.partition("=")
        if name in GLOBAL_VALUE_OPTIONS and (eq or i + 1 < len(head)):
            found.append((name, value if eq else head[i + 1]))
            i += 1 if eq else 2
        elif token in GLOBAL_FLAGS:
            found.append((token, None))
            i += 1
        else:
            rest.append(token)
            i += 1
    if not found:
        return args
    path = _command_path(rest)
    if not path:  # no command: leave the line to click (help, version, an unknown name)
        return args
    for option, given in found:
        taker = next(((pos, cmd) for pos, cmd in reversed(path)
                      if any(option in p.opts for p in cmd.params)), None)
        if taker is None:
            if given is not None:
                environ[GLOBAL_VALUE_OPTIONS[option]] = given
                continue
            taker = path[-1]  # --json where none is taken: click says so
        pos = taker[0] + 1
        rest[pos:pos] = [option] if given is None else [option, given]
        path = [(p + (2 if given is not None else 1) if p >= pos else p, c) for p, c in path]
    return rest + tail


def _command_path(args: list[str]) -> list[tuple[int, click.Command]]:
    """(position in ``args``, command) of the subcommand named on the line and, for a
    group such as `alerts`, of its subcommand."""
    path: list[tuple[int, click.Command]] = []
    group: click.Command = cli
    i = 0
    while i < len(args) and isinstance(group, click.Group):
        token = args[i]
        if token.startswith("-"):
            option = next((p for p in group.params if token.split("=", 1)[0] in p.opts), None)
            takes_value = (isinstance(option, click.Option) and not option.is_flag
                           and not option.count and "=" not in token)
            i += 2 if takes_value else 1
            continue
        try:
            sub = group.get_command(click.Context(group), token)
        except Exception:  # a command that cannot be imported: click reports it later
            return path
        if sub is None:
            return path
        path.append((i, sub))
        group = sub
        i += 1
    return path


def _usage_error(exc: click.UsageError) -> None:
    """A usage error as one line, plus one hint line."""
    message = " ".join(exc.format_message().split())
    command = exc.ctx.command_path if exc.ctx is not None else "monitor"
    click.echo(f"{command}: error: {message}", err=True)
    click.echo(f"Try '{command} --help'.", err=True)


def main() -> None:
    from monitor.cli.common import AtExit

    AtExit.at_once = False
    # Called by the program itself (`python -m monitor`, the `monitor` script), not by a
    # caller that goes on afterwards (the test suite's in-process runs).
    program = sys._getframe(1).f_globals.get("__name__") == "__main__"
    try:
        rv = cli.main(args=hoist_global_options(sys.argv[1:]), prog_name="monitor",
                      standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        _usage_error(exc)
        sys.exit(2)
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
    code = rv if isinstance(rv, int) else 0
    if program and AtExit.at_once:
        _exit_at_once(code)
    sys.exit(code)


def _exit_at_once(code: int) -> None:
    """End the process with ``code`` as the interpreter would, minus its teardown.

    After `monitor poll` has returned, its store is closed, its alerts delivered, its
    workers reaped and its output written; what the interpreter's exit still did was free
    ~400 modules' objects one by one and run the modules' finalizers: ~10 ms of wall time
    on one core at the end of every poll (issue 12, session 18).  What it did that matters
    is done here, in its order: the exit handlers (logging's flush and close, those of
    multiprocessing, any a library or a caller registered), then the standard streams
    flushed.  Returns (the caller exits as usual) when a thread that is not a daemon is
    still running (the interpreter would wait for it), or when a standard stream cannot be
    flushed (the interpreter reports that, and exits with 120)."""
    import atexit
    import threading

    current = threading.current_thread()
    if any(thread is not current and not thread.daemon and thread.is_alive()
           for thread in threading.enumerate()):
        return
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)
