"""Imported last by the forkserver of monitor.cpu: what the server preloaded is frozen
(never walked by the cyclic collector), the collector, off while the server preloaded
(``monitor._forkserver_start``), is on again, and the server leaves without tearing its
interpreter down.

Frozen first: the collector counts allocations while it is off, so the first allocation
after ``gc.enable()`` set off a collection of everything the preload made (all of it still
in the youngest generation): 19-29 ms of the server's CPU (issue 12, session 17), between
the preload and the first fork, so on the path of every job that waits for the workers.
The workers freeze what they inherit anyway (``cpu._worker_init``); the ~600 objects in
cycles the preload leaves (measured) now stay in the server, as they stay in each worker.

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


gc.freeze()
gc.enable()
atexit.register(_leave_now)  # registered last, so it runs first (atexit is LIFO)
