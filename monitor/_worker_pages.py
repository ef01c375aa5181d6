"""Imported once by the forkserver of monitor.cpu, after ``monitor._worker``, when the
configuration has full-text feeds: every worker forked from it then starts with the page
extraction loaded.

trafilatura's first extraction in a process costs more than the next ones (htmldate's and
its own regular expressions compiled, justext's stop lists read, ...): extracting one small
page here pays that once for all the workers instead of once in each.

The public-suffix list is no longer read here (it was, ~25-70 ms of CPU, from issue 12's
session 18): trafilatura read it only for its metadata's host name, a step extract_article
no longer runs (session 20: it takes the title and date alone).  tests/test_page_fingerprint.py
checks that extracting pages of hosts courlan's quick pattern does not take (an address,
``www.npr.org``) never reads it.
"""

from __future__ import annotations

from monitor.extract import extract_full

_PAGE = (b"<html><head><title>Officials confirm 12 shipments</title>"
         b'<meta property="article:published_time" content="2026-01-05T10:00:00Z"></head>'
         b"<body><article><h1>Officials confirm 12 shipments</h1>"
         b"<p>The ministry said on Tuesday that 12 shipments had left the port of Odesa, a "
         b"spokesperson told Reuters, and more were expected before the end of the month.</p>"
         b"<p>More are expected in January, officials said in a statement on Tuesday.</p>"
         b"</article></body></html>")
extract_full(_PAGE, "https://news.example.com/2026/01/05/shipments.html")
