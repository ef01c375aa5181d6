"""Helpers for the hardening tests (issue 7): hostile feed items, an alert config with a
console, an email and a webhook channel, and checks that rendered output is inert."""

from __future__ import annotations

import json
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from xml.sax.saxutils import escape

from tests.support.webhook import SECRET

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
JSON_FEED = {"Content-Type": "application/feed+json"}

# Markup a hostile feed puts in every field, as literal text once the feed is parsed.
SCRIPT = '<script>alert("x")</script>'
IMG = "<img src=x onerror=alert(1)>"
ANCHOR = '<a href="javascript:alert(2)">click</a>'
HOSTILE = f"{SCRIPT}{IMG}{ANCHOR}"
# Terminal escapes (clear screen, set title, red) that JSON feeds can carry.
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b[31m"
# Line breaks in a title that would become an email header of their own.
HEADER_INJECTION = "\r\nBcc: victim@example.org\r\nX-Injected: yes"

V1 = ("The United States has authorised the use of non-persistent antipersonnel mines by "
      "Ukraine, to be used only within Ukrainian territory and away from populated areas, "
      "officials said on Tuesday.")
V2 = V1.replace("only within Ukrainian territory", "within Ukrainian and Russian territory")
BAD_LINKS = ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>",
             "ftp://127.0.0.1/x", "gopher://127.0.0.1/x", "vbscript:msgbox(1)")


def hostile_rss(text: str, *, link: str = "javascript:alert(1)") -> bytes:
    """One RSS item with markup in its title and text as literal characters (escaped
    twice in the XML), a hostile link, and real markup (escaped once) as well."""
    title = f"Mines {HOSTILE} row"
    body = f"{HOSTILE} {text} {HOSTILE}"
    real_markup = escape(f"<p>{escape(body)}</p><script>document.write('owned')</script>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(HOSTILE)}</title><link>http://127.0.0.1/</link>"
            f"<description>t</description><item>"
            f'<guid isPermaLink="false">mines-rss</guid><title>{escape(escape(title))}</title>'
            f"<link>{escape(link)}</link><author>{escape(escape(HOSTILE))}</author>"
            f"<description>{real_markup}</description></item></channel></rss>").encode()


def hostile_json_feed(text: str, *, link: str = "javascript:alert(1)") -> bytes:
    """One JSON Feed item with markup and terminal escapes in every text field."""
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": f"{HOSTILE}{ESCAPES}",
        "items": [{"id": "mines-json", "url": link, "external_url": "file:///etc/passwd",
                   "title": f"Mines {HOSTILE}{ESCAPES} row{HEADER_INJECTION}",
                   "authors": [{"name": HOSTILE}],
                   "content_text": f"{HOSTILE}{ESCAPES} {text} {ESCAPES}{HOSTILE}"}],
    }).encode()


def alert_config(path: Path, feeds: dict[str, str], hook_url: str, smtp_port: int,
                 *, extra_feed: str = "") -> Path:
    lines = "\n".join(f'  - {{name: {name}, url: "{url}"{extra_feed}}}'
                      for name, url in feeds.items())
    path.write_text(f"""
feeds:
{lines}
watches:
  - name: mines
    keywords: [mines]
    notify: [hook, mail, screen]
channels:
  hook: {{type: webhook, url: "{hook_url}", secret: {SECRET}, allow_private: true}}
  mail: {{type: email, host: 127.0.0.1, port: {smtp_port}, from: monitor@example.org,
          to: [desk@example.org]}}
  screen: {{type: console, stream: stdout}}
delivery: {{max_attempts: 3, backoff: 1s, backoff_max: 2s, timeout: 5s}}
""", encoding="utf-8")
    path.chmod(0o600)
    return path


# The only elements monitor's own email template uses.
OWN_TAGS = {"html", "head", "meta", "body", "h1", "h2", "p", "a", "ol", "li", "strong", "em",
            "br", "del", "ins", "hr"}


class _Elements(HTMLParser):
    """Every element and every URL-bearing attribute a browser would see in a document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.urls: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction"):
                self.urls.append(value or "")
            if name.startswith("on"):
                self.handlers.append(name)


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def foreign_tags(html: str) -> set[str]:
    """Elements in ``html`` that monitor's template does not produce (so came from a feed),
    and event-handler attributes (which it never writes)."""
    found = elements(html)
    return (found.tags - OWN_TAGS) | set(found.handlers)


def links(html: str) -> list[str]:
    return elements(html).urls


def control_characters(text: str) -> list[str]:
    """Control characters other than line breaks and tabs (terminal escapes, BEL, ...)."""
    return [ch for ch in text.replace("\r\n", "\n")
            if unicodedata.category(ch) == "Cc" and ch not in "\n\t"]
