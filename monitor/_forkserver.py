"""Imported last by the forkserver of monitor.cpu: the cyclic collector, off while the
server preloaded (``monitor._forkserver_start``), is on again, and the server leaves
without tearing its interpreter down.

When the pool closes, the server has reaped its workers (their CPU time is in its
children's rusage already, and so in the poll process's once the server is reaped); what
is left of its exit is freeing the fact core it preloaded, object by object: 0.25-0.7 s
of wall time at the end of every `monitor poll` that used workers (measured at load
average ~18), spent while the poll process waits for it.  Its workers never run this:
they leave by ``os._exit`` as every multiprocessing child does, and the handler checks
the process anyway.
"""

from __future__ import annotations

import atexit
import gc
import os

_SERVER = os.getpid()


def _leave_now() -> None:
    if os.getpid() == _SERVER:
        os._exit(0)


gc.enable()
atexit.register(_leave_now)  # registered last, so it runs first (atexit is LIFO)
