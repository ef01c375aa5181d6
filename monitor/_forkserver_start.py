"""Imported first by the forkserver of monitor.cpu, before the modules it preloads.

The preload (the ingest code, the fact core and its tables, the page extraction) makes
some 50,000 long-lived objects and almost no garbage (~600 objects in cycles, measured),
yet the cyclic collector runs dozens of times while they are made, each time walking
everything made so far: ~10 % of the server's preload CPU (issue 12), on the path of
every first job that waits for the workers.  It is switched off here and back on by
``monitor._forkserver``, imported last; the workers then freeze what they inherit
(``cpu._worker_init``), so it is never walked again.
"""

from __future__ import annotations

import gc

gc.disable()
