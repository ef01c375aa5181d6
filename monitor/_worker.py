"""Imported once by the forkserver of monitor.cpu before it forks the worker processes.

The fact core loads some of its tables on first use (the English word list, the judge's
data...): the first diff of a fresh process costs ~0.27 s (measured).  Diffing one short
story here, in the server, means every worker forked from it starts with them loaded
instead of paying for them each.  (Workers read no version's facts: ingest.compute.)
"""

from __future__ import annotations

from monitor.facts import diff_documents
from monitor.models import Document

_OLD = Document("Officials confirm 12 shipments",
                "The ministry said on Tuesday that 12 shipments had left the port of Odesa, "
                "a spokesperson told Reuters.\n\nMore are expected in January.")
_NEW = Document("Officials confirm 15 shipments",
                "The ministry said on Monday that 15 shipments had left the port of Odesa, "
                "a spokesperson told Reuters.\n\nMore are expected in February.")
diff_documents(_OLD, _NEW)
