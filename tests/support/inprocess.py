"""`monitor ARGS` run inside the test process: what `python -m monitor ARGS` runs
(``monitor.cli.main``: the options hoisted, the exit code from ``sys.exit``, usage and
store errors as one line), with its own environment, working folder, an empty stdin and
stdout/stderr captured off a terminal, as a subprocess has them.

A `monitor` subprocess costs ~0.2 s of CPU before it does anything (the interpreter and
its imports); the suite used to start some 400.  Tests whose subject is a command's output
and exit code (`check`, `stories`, `history`, `alerts`, …) call ``invoke_monitor``;
tests about the process itself (signals, daemons, kill -9, what reaches the real
stderr/log, the entry point, the environment a process inherits) keep
``tests.support.polling.run_monitor``.  Both return a ``subprocess.CompletedProcess``.

Logging and warnings are those of a fresh process while it runs: no handler on the root
logger (pytest's capture handlers are set aside), so a warning logged by a command that
configures nothing reaches its stderr through logging's last resort, as in a process, and
a command that configures logging writes to the stderr captured here; Python's default
warning filters, shown on that stderr.  Put back afterwards: ``os.environ``, the working
folder, ``sys.argv``, the standard streams, the root logger's handlers and level, and the
warning filters.
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import traceback
import warnings
from pathlib import Path

from tests.support.polling import REPO, monitor_env


def invoke_monitor(*args: str, cwd: Path | None = None, timeout: float | None = None,
                   env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``run_monitor``'s signature and result, in this process (``timeout`` is pytest's)."""
    del timeout  # the test's own timeout (pytest-timeout) bounds it
    from monitor.cli import main

    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_argv = sys.argv
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace",
                              write_through=True)
    code: int = 0
    with warnings.catch_warnings():
        _fresh_warnings(stderr)
        try:
            root.handlers[:] = []
            root.setLevel(logging.WARNING)
            _set_environ(env or monitor_env())
            os.chdir(cwd or REPO)
            sys.argv = ["monitor", *args]
            sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
            sys.stdout, sys.stderr = stdout, stderr
            try:
                main()
            except SystemExit as exc:
                code = _exit_code(exc.code, stderr)
            except Exception:  # what the interpreter does with an uncaught exception
                traceback.print_exc(file=stderr)
                code = 1
            stdout.flush()
            stderr.flush()
        finally:
            sys.stdin, sys.stdout, sys.stderr = saved_streams
            sys.argv = saved_argv
            os.chdir(saved_cwd)
            _set_environ(saved_env)
            root.handlers[:] = saved_handlers
            root.setLevel(saved_level)
    return subprocess.CompletedProcess(["monitor", *args], code,
                                       out.getvalue().decode("utf-8"),
                                       err.getvalue().decode("utf-8"))


def _set_environ(target: dict[str, str]) -> None:
    """``os.environ`` made ``target``; a variable in both is never missing meanwhile (the
    test's own threads, its servers, may read one)."""
    for name in [name for name in os.environ if name not in target]:
        del os.environ[name]
    os.environ.update(target)


def _fresh_warnings(stderr: io.TextIOWrapper) -> None:
    """Python's default warning filters, shown on ``stderr`` (inside catch_warnings)."""
    warnings.resetwarnings()
    for category in (ResourceWarning, ImportWarning, PendingDeprecationWarning,
                     DeprecationWarning):
        warnings.simplefilter("ignore", category)
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
             file: object = None, line: str | None = None) -> None:
        stderr.write(warnings.formatwarning(message, category, filename, lineno, line))

    warnings.showwarning = show


def _exit_code(code: object, stderr: io.TextIOWrapper) -> int:
    """``sys.exit(code)`` as a process exit status (a message goes to stderr, status 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=stderr)
    return 1
