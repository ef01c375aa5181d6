"""multiprocessing's forkserver and resource tracker forked from this process, when it runs
one thread, instead of spawned as fresh interpreters (issue 12, session 21).

``CpuPool`` starts its workers from a forkserver that preloads the page extraction (and
the fact core when a poll will diff); multiprocessing spawns that server, and the resource
tracker its semaphores need, as new interpreters: each pays the interpreter's start and
the site-packages path hooks (~30 ms of CPU), the tracker imports multiprocessing again
(~20 ms) and the server the modules this process has loaded already (``monitor.ingest``
and what it needs, ~35 ms), at the start of a first pass, when the two cores are shared by
this process's own start, the server's preload and the farm of pages it reads.  Forked
instead, the two start with everything this process holds (shared, copy-on-write): the
tracker runs at once, the server imports only what is left of its preload.  Measured on
`monitor poll`'s first pass of the rotating farm: ~0.1-0.2 s less CPU, the workers up
~0.19 s sooner, no page scanned in the poll process while they start (docs/benchmarks.md,
issue 12, session 21).

Forking is safe only when no other thread may hold a lock the child would need, so both
are forked only while this process runs a single thread (Linux's ``/proc/self/task``
counts every thread, those started outside ``threading`` too): `monitor poll` starts its
pool for a first pass before it starts any thread (``Pipeline._expect_first_pass``).  In
every other case (a daemon, a pool started from a poll thread, another platform) nothing
is forked here and multiprocessing spawns them, as before.  The children are CPython's own
code (``forkserver.main``, ``resource_tracker.main``), given what its spawning code would
give them; they leave by ``os._exit``, so nothing of this process (its exit handlers, its
buffered output, its open store) is run, flushed or closed twice, and they never run the
cyclic collector over what they inherited (``_inherited``).  The state set here
(``_forkserver_pid``, ``_fd``...) is what CPython's spawning code sets, read by the rest of
multiprocessing unchanged (the same in CPython 3.11-3.13; a forkserver that authenticates
its clients, as CPython 3.14's does, is left to multiprocessing).
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import socket
import sys
from collections.abc import Callable, Sequence
from typing import Any


def single_threaded() -> bool:
    """Does this process run exactly one thread?  (False where that is unknown.)"""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def start_forkserver(preload: Sequence[str]) -> bool:
    """multiprocessing's forkserver (and the resource tracker) forked from this process,
    when it runs one thread and none is running yet; the server imports ``preload`` as
    the spawned one would.  False: nothing was forked (multiprocessing will spawn it)."""
    from multiprocessing import forkserver

    server: Any = forkserver._forkserver  # CPython's private state (see above)
    if (server._forkserver_pid is not None or not hasattr(os, "fork")
            or hasattr(server, "_forkserver_authkey") or not single_threaded()):
        return False
    start_resource_tracker()
    try:
        listener = socket.socket(socket.AF_UNIX)
    except OSError:
        return False
    with listener:
        try:
            address = _listen(listener)
        except OSError:
            return False
        try:
            alive_r, alive_w = os.pipe()
        except OSError:
            _unlink(address)
            return False
        try:
            pid = _fork(lambda: _serve(listener.fileno(), alive_r, alive_w, list(preload)))
        except OSError:
            os.close(alive_w)
            _unlink(address)
            return False
        finally:
            os.close(alive_r)
    with server._lock:  # as ForkServer.ensure_running leaves them
        server._forkserver_address = address
        server._forkserver_alive_fd = alive_w
        server._forkserver_pid = pid
    return True


def start_resource_tracker() -> bool:
    """multiprocessing's resource tracker forked from this process (when it runs one thread
    and none is running).  False: nothing was forked."""
    from multiprocessing import resource_tracker

    tracker: Any = resource_tracker._resource_tracker
    if tracker._fd is not None or not hasattr(os, "fork") or not single_threaded():
        return False
    read_end, write_end = os.pipe()
    try:
        # As ResourceTracker.ensure_running: SIGINT and SIGTERM blocked until the tracker
        # ignores them (a Ctrl-C at its start must not end it).
        ignored = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, ignored)
        try:
            pid = _fork(lambda: _track(read_end, write_end))
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, ignored)
    except OSError:
        os.close(write_end)
        return False
    finally:
        os.close(read_end)
    with tracker._lock:
        tracker._fd, tracker._pid = write_end, pid
    return True


# _inherited: a forked child holds every object of this process, garbage not yet collected
# included; were the child to collect it, a finaliser could act on this process's
# resources from the child (an SQLite connection left unclosed in a cycle would be closed
# there, and SQLite may checkpoint on close).  Both children switch the collector off
# first: the tracker never needs it; the server freezes what it inherited, so that its
# collector, on again after its preload (monitor._forkserver), never walks it, nor do the
# workers it forks (cpu._worker_init freezes what they inherit too).


def _listen(listener: socket.socket) -> str:
    """Bind and listen as ForkServer.ensure_running does; the address."""
    from multiprocessing import connection, util

    arbitrary_address: Any = connection.arbitrary_address  # type: ignore[attr-defined]
    address = str(arbitrary_address("AF_UNIX"))
    listener.bind(address)
    try:
        if not util.is_abstract_socket_namespace(address):
            os.chmod(address, 0o600)
        listener.listen()
    except OSError:
        _unlink(address)
        raise
    return address


def _unlink(address: str) -> None:
    """Remove a listening socket's file that no server will use (as ForkServer._stop)."""
    from multiprocessing import util

    if not util.is_abstract_socket_namespace(address):
        with contextlib.suppress(OSError):
            os.unlink(address)


def _fork(child: Callable[[], None]) -> int:
    """Fork; the child runs ``child()`` (which ends it), the parent gets its pid.  What
    this process has written is flushed first, so that no child writes it again."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    pid = os.fork()
    if pid == 0:
        try:
            child()
        finally:
            os._exit(1)  # not reached: the child leaves by os._exit itself
    return pid


def _serve(listener_fd: int, alive_r: int, alive_w: int, preload: list[str]) -> None:
    """The forkserver's process: CPython's server loop, until every client is gone."""
    gc.disable()  # never collect what this process inherited (see _inherited)
    gc.freeze()
    code = 1
    try:
        os.close(alive_w)  # EOF on alive_r once the clients' ends are closed
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # as a spawned server has it
        from multiprocessing import forkserver

        forkserver.main(listener_fd, alive_r, preload)
    except SystemExit:  # how main() ends: no client left
        code = 0
    except BaseException:
        with contextlib.suppress(Exception):
            import traceback

            traceback.print_exc()
    finally:
        os._exit(code)


def _track(read_end: int, write_end: int) -> None:
    """The resource tracker's process: CPython's tracker loop, until every writer is gone."""
    gc.disable()  # never collect what this process inherited (see _inherited)
    code = 1
    try:
        os.close(write_end)
        from multiprocessing import resource_tracker

        resource_tracker.main(read_end)
        code = 0
    finally:
        os._exit(code)
