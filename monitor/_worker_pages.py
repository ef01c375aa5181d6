"""Imported once by the forkserver of monitor.cpu, after ``monitor._worker``, when the
configuration has full-text feeds: every worker forked from it then starts with the page
extraction loaded.

trafilatura's first extraction in a process costs ~0.4 s on top of its import (measured on
the peer benchmark's pages: the public-suffix list read line by line for the URL's domain,
htmldate's and its own regular expressions compiled): extracting one small page here
pays that once for all the workers instead of once in each.

The public-suffix list (~25 ms of CPU, issue 12) is read here too: trafilatura reads it for
the page's host name whenever courlan's quick pattern does not take that name, which it
does not for an address (``127.0.0.1``) nor for many news sites' (``www.bbc.co.uk``,
``www.npr.org``, ``www.ft.com``: a second-level name shorter than four letters), so each
worker would otherwise read it on its first such page.
"""

from __future__ import annotations

from courlan import extract_domain

from monitor.extract import extract_full

_PAGE = (b"<html><head><title>Officials confirm 12 shipments</title>"
         b'<meta property="article:published_time" content="2026-01-05T10:00:00Z"></head>'
         b"<body><article><h1>Officials confirm 12 shipments</h1>"
         b"<p>The ministry said on Tuesday that 12 shipments had left the port of Odesa, a "
         b"spokesperson told Reuters, and more were expected before the end of the month.</p>"
         b"<p>More are expected in January, officials said in a statement on Tuesday.</p>"
         b"</article></body></html>")
extract_full(_PAGE, "https://news.example.com/2026/01/05/shipments.html")
extract_domain("https://www.npr.org/2026/01/05/shipments", fast=True)  # the suffix list
