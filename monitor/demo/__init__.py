"""The bundled evolving story of `monitor demo`, and how it is rendered.

Pure: loading the story (story.yaml, next to this file) and rendering a version as
an RSS feed or an article page.  Serving it is monitor/demo/server.py; the tour that
runs the daemon against it is monitor/demo/tour.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import cache
from importlib import resources
from xml.sax.saxutils import escape

# The watches the demo configures (names as the alerts show them).
MINE_WATCH = "mine-use conditions"
TERM_WATCH = "end of term"


@dataclass(frozen=True, slots=True)
class Article:
    guid: str
    path: str  # URL path of the article page on the demo server
    title: str
    paragraphs: tuple[str, ...]  # may hold "{stamp}" and "{ad}" placeholders


@dataclass(frozen=True, slots=True)
class Version:
    number: int  # 1-based
    note: str  # what changed, printed by the tour
    expect: tuple[str, ...]  # watches that should alert on this version
    stamp: str  # "Updated N minutes ago": furniture
    ad: str  # rotating advertisement line: furniture
    article: Article


@dataclass(frozen=True, slots=True)
class DemoStory:
    published: datetime
    versions: tuple[Version, ...]
    others: tuple[Article, ...]  # static neighbours in the feed

    @property
    def guid(self) -> str:
        return self.versions[0].article.guid


@cache
def load_story() -> DemoStory:
    """The story bundled with the package."""
    import yaml

    raw = yaml.safe_load(resources.files(__package__).joinpath("story.yaml").read_text("utf-8"))
    base = raw["story"]
    published = datetime.fromisoformat(base["published"].replace("Z", "+00:00"))
    versions = tuple(
        Version(
            number=i,
            note=" ".join(str(item["note"]).split()),
            expect=tuple(item.get("expect") or ()),
            stamp=item["stamp"],
            ad=item["ad"],
            article=Article(base["guid"], base["path"], item["title"],
                            tuple(item["paragraphs"])),
        )
        for i, item in enumerate(raw["versions"], start=1)
    )
    others = tuple(Article(o["guid"], o["path"], o["title"], tuple(o["paragraphs"]))
                   for o in raw.get("others") or ())
    return DemoStory(published=published, versions=versions, others=others)


def fill(article: Article, version: Version) -> list[str]:
    """The article's paragraphs with this version's furniture filled in."""
    return [p.replace("{stamp}", version.stamp).replace("{ad}", version.ad)
            for p in article.paragraphs]


def _html_paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def render_feed(story: DemoStory, index: int, base_url: str) -> bytes:
    """RSS 2.0 for version ``index`` (0-based): the story plus its static neighbours.

    The full text travels in content:encoded (as many real feeds do), a one-line
    summary in description."""
    version = story.versions[index]
    # The feed's clock moves an hour per version, so dates look like a live feed's.
    moment = story.published + timedelta(hours=index)
    items = []
    for article in (version.article, *story.others):
        paragraphs = fill(article, version)
        summary = next((p for p in paragraphs if len(p) > 60), paragraphs[0])
        items.append(
            "<item>"
            f"<title>{escape(article.title)}</title>"
            f"<link>{escape(base_url + article.path)}</link>"
            f'<guid isPermaLink="false">{escape(article.guid)}</guid>'
            f"<pubDate>{format_datetime(story.published, usegmt=True)}</pubDate>"
            f"<description>{escape(summary)}</description>"
            f"<content:encoded><![CDATA[{_html_paragraphs(paragraphs)}]]></content:encoded>"
            "</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Demo Wire</title>"
        f"<link>{escape(base_url)}/</link>"
        "<description>An evolving story for the monitor demo</description>"
        f"<lastBuildDate>{format_datetime(moment.astimezone(UTC), usegmt=True)}</lastBuildDate>"
        + "".join(items) + "</channel></rss>\n"
    ).encode("utf-8")


def render_page(story: DemoStory, index: int, path: str) -> bytes | None:
    """The article page at ``path`` for version ``index``, or None for an unknown path."""
    version = story.versions[index]
    article = next((a for a in (version.article, *story.others) if a.path == path), None)
    if article is None:
        return None
    body = _html_paragraphs([p for p in fill(article, version)
                             if p not in (version.stamp, version.ad)])
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{escape(article.title)}</title></head><body>"
        "<header><nav><a href='/'>Demo Wire</a> | World | Politics</nav></header>"
        f"<main><article><h1>{escape(article.title)}</h1>"
        f"<p class='stamp'>{escape(version.stamp)}</p>{body}</article>"
        f"<aside class='ad'>{escape(version.ad)}</aside></main>"
        "<footer>Copyright Demo Wire. All rights reserved.</footer></body></html>\n"
    ).encode()
