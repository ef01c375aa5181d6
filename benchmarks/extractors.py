"""Main-text extractors compared on quality and speed (issue 12).

Page sets:

* ``farm``: the benchmark farm's article pages, rotating-boilerplate mode (~100 KB: nav, ads
  inside the body, a "Read more" aside, related links, 40 readers' comments written like
  news sentences); the truth is the farm's story text.
* ``generated``: article pages in six layouts news sites use (WordPress ``entry-content``,
  ``section[name=articleBody]`` with companion columns, ``data-component`` text blocks with
  in-body related links, ``itemprop=articleBody``, a div soup with ``<br>`` paragraphs, and
  an article with subheadings, a list and a pull quote), boilerplate around and inside the
  body; the truth is the body written into the page.
* ``real`` (optional, ``--real DIR``): real article pages with a hand-made ``articleBody``
  (the layout of scrapinghub's article-extraction-benchmark: ``DIR/html/<id>.html.gz`` and
  ``DIR/ground-truth.json``).  Not shipped with the project.

Extractors: trafilatura as monitor uses it today (``extract_article``), trafilatura in fast
mode (no fallback comparison), resiliparse's main-content text, readability-lxml, and the
selectolax-based extractor of ``monitor.extract_fast`` (its lines passed through the same
``clean_text``).  Quality per page: token precision/recall/F1 against the truth, whether the
whole body is there ("body kept": every truth paragraph inside the output, whitespace
ignored), whether known boilerplate stayed out ("boilerplate out", farm and generated only),
and whether the text equals trafilatura-as-today's.  Speed: CPU ms per page (median).

    .venv/bin/pip install resiliparse readability-lxml   # the peers compared (not deps)
    .venv/bin/python benchmarks/extractors.py [--quick] [--real DIR] [--no-record]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import common_args, median, record, table
from benchmarks.farm import FILLER, PEOPLE, SPONSORED, Farm, _sentence

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Page:
    set: str
    html: bytes
    truth: str  # paragraphs separated by blank lines
    boilerplate: list[str] = field(default_factory=list)  # snippets that must stay out


# ---------------------------------------------------------------- page sets


def farm_pages(count: int) -> list[Page]:
    feeds = max(1, count // 10)
    farm = Farm(feeds, 10, seed=12, rotating=True, page_kb=100)
    farm.tick(fact_rate=0.1, cosmetic_rate=0.3)
    pages = []
    for f in range(feeds):
        for e in range(10):
            html = farm.page_body(f, e)
            comments = re.findall(r'<li class="comment">.*?<p>(.*?)</p>', html.decode())
            pages.append(Page("farm", html, farm.story_text(f, e),
                              [*comments[:5], "Read more:", "Sponsored:", "Most read"]))
    return pages[:count]


def _paragraph(r: random.Random) -> str:
    used: set[str] = set()
    return " ".join(_sentence(r, used).render() for _ in range(r.randint(2, 4)))


_BOILER = ["Sign up for our morning briefing", "Most popular this week", "Share this article",
           "Advertisement", "You might also like: ten ways to save on energy bills",
           "Comments are closed for this story"]


def generated_pages(count: int) -> list[Page]:
    layouts: list[Callable[[random.Random, str, list[str]], tuple[str, list[str]]]] = [
        _wordpress, _companion, _components, _itemprop, _div_soup, _rich]
    pages = []
    for i in range(count):
        r = random.Random(1000 + i)
        title = f"Officials respond to the storm in region {i}"
        paragraphs = [_paragraph(r) for _ in range(r.randint(8, 16))]
        body, truth = layouts[i % len(layouts)](r, title, paragraphs)
        html = _frame(r, title, body)
        pages.append(Page("generated", html.encode(), "\n\n".join(truth), list(_BOILER)))
    return pages


def _frame(r: random.Random, title: str, main: str) -> str:
    nav = "".join(f'<li><a href="/s/{s}">{s}</a></li>' for s in
                  ("World", "Politics", "Business", "Science", "Sport", "Opinion"))
    related = "".join(f'<li><a href="/r/{r.randint(1, 10**6)}">{escape(f)}</a></li>'
                      for f in r.sample(FILLER, 5))
    comments = "".join(f'<div class="comment"><b>user{r.randint(1, 999)}</b><p>'
                       f"{escape(_paragraph(r))}</p></div>" for _ in range(6))
    pad = "".join(f'<div class="px"><img src="/p/{r.randint(1, 10**9)}.gif"></div>'
                  for _ in range(150))
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
            f' - The Daily Example</title><meta property="og:title" content="{escape(title)}">'
            f'<script>var cfg={{id:{r.randint(1, 10**9)}}};</script></head><body>'
            f'<header><div class="logo">The Daily Example</div><nav><ul>{nav}</ul></nav>'
            f'<div class="newsletter">{_BOILER[0]}</div></header>'
            f"{main}"
            f'<div class="sidebar-widget"><h3>{_BOILER[1]}</h3><ul>{related}</ul></div>'
            f'<div id="comments">{comments}<p>{_BOILER[5]}</p></div>'
            f"<footer><p>&copy; The Daily Example</p></footer>{pad}</body></html>")


def _ad(r: random.Random) -> str:
    return (f'<div class="ad" id="ad-{r.randint(1, 10**6)}"><span>{_BOILER[3]}</span>'
            f"<p>{escape(r.choice(SPONSORED))}</p></div>")


def _wordpress(r: random.Random, title: str, ps: list[str]) -> tuple[str, list[str]]:
    body = "".join(f"<p>{escape(p)}</p>" + (_ad(r) if i == 3 else "") for i, p in enumerate(ps))
    return (f'<div id="primary"><article class="post"><h1 class="entry-title">{escape(title)}'
            f'</h1><div class="entry-meta">Posted by {r.choice(PEOPLE)}</div><div '
            f'class="entry-content">{body}<div class="share"><a href="#">{_BOILER[2]}</a></div>'
            f"</div></article></div>"), ps


def _companion(r: random.Random, title: str, ps: list[str]) -> tuple[str, list[str]]:
    columns = "".join(f'<div class="StoryBodyCompanionColumn"><div><p>{escape(a)}</p>'
                      f"<p>{escape(b)}</p></div></div>" for a, b in zip(ps[::2], ps[1::2],
                                                                      strict=False))
    truth = [p for pair in zip(ps[::2], ps[1::2], strict=False) for p in pair]
    return (f'<main><h1>{escape(title)}</h1><section name="articleBody">{columns}'
            f"{_ad(r)}</section></main>"), truth


def _components(r: random.Random, title: str, ps: list[str]) -> tuple[str, list[str]]:
    blocks = []
    for i, p in enumerate(ps):
        blocks.append(f'<div data-component="text-block"><p>{escape(p)}</p></div>')
        if i == 4:
            blocks.append(f'<div data-component="links-block" class="related-links"><ul><li>'
                          f'<a href="/x">{_BOILER[4]}</a></li></ul></div>')
    return (f'<div id="main-content"><article><header><h1>{escape(title)}</h1></header>'
            f'{"".join(blocks)}</article></div>'), ps


def _itemprop(r: random.Random, title: str, ps: list[str]) -> tuple[str, list[str]]:
    body = "".join(f"<p>{escape(p)}</p>" for p in ps)
    return (f'<div class="page"><h1 itemprop="headline">{escape(title)}</h1><div '
            f'class="byline">By {r.choice(PEOPLE)}</div><div itemprop="articleBody">{body}'
            f"</div>{_ad(r)}</div>"), ps


def _div_soup(r: random.Random, title: str, ps: list[str]) -> tuple[str, list[str]]:
    body = "<br><br>".join(escape(p) for p in ps)
    return (f'<div class="wrap"><div class="headline"><h1>{escape(title)}</h1></div>'
            f'<div class="txt">{body}</div></div>'), ps


def _rich(r: random.Random, title: str, ps: list[str]) -> tuple[str, list[str]]:
    items = [f"Item {k}: {escape(r.choice(FILLER))}" for k in range(3)]
    half = len(ps) // 2
    body = ("".join(f"<p>{escape(p)}</p>" for p in ps[:half])
            + "<h2>What happens next</h2>"
            + "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
            + f"<blockquote><p>{escape(ps[half])}</p></blockquote>"
            + "".join(f"<p>{escape(p)}</p>" for p in ps[half + 1:]))
    truth = [*ps[:half], "What happens next", *items, *ps[half:]]
    return f'<main><article><h1>{escape(title)}</h1>{body}</article></main>', truth


def real_pages(folder: Path, count: int) -> list[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text())
    pages = []
    for key in sorted(truth)[:count]:
        path = folder / "html" / f"{key}.html.gz"
        if path.exists():
            pages.append(Page("real", gzip.decompress(path.read_bytes()),
                              str(truth[key].get("articleBody") or "")))
    return pages


# ---------------------------------------------------------------- extractors


def _today(page: bytes) -> str:
    from monitor.extract import extract_article

    return extract_article(page).text


def _trafilatura_fast(page: bytes) -> str:
    from monitor.extract import extract_article

    return extract_article(page, fast=True).text


def _resiliparse(page: bytes) -> str:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse(bytes_to_str(page, detect_encoding(page)))
    text = extract_plain_text(tree, main_content=True, list_bullets=True, alt_texts=False,
                              links=False, form_fields=False, noscript=False)
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _readability(page: bytes) -> str:
    from lxml import html as lxml_html
    from readability import Document

    summary = Document(page).summary(html_partial=True)
    root = lxml_html.fromstring(summary)
    lines = []
    for node in root.iter("p", "h2", "h3", "h4", "li", "blockquote", "pre"):
        text = " ".join(node.text_content().split())
        if text:
            lines.append(text)
    return "\n\n".join(lines)


def _selectolax(page: bytes) -> str:
    from monitor.extract import clean_text, fast_extract_page

    result = fast_extract_page(page)
    return clean_text(result.text, result.title) if result else ""


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "trafilatura (today)": _today,
    "trafilatura fast (no fallback)": _trafilatura_fast,
    "resiliparse (main_content)": _resiliparse,
    "readability-lxml": _readability,
    "selectolax (monitor.extract_fast)": _selectolax,
}


# ---------------------------------------------------------------- scoring


def tokens(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


def squash(text: str) -> str:
    return "".join(text.split())


def score(page: Page, text: str) -> dict[str, float]:
    got, want = tokens(text), tokens(page.truth)
    common = sum((got & want).values())
    precision = common / max(1, sum(got.values()))
    recall = common / max(1, sum(want.values()))
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    flat = squash(text)
    kept = all(squash(p) in flat for p in page.truth.split("\n\n") if p.strip())
    out = not any(squash(b) in flat for b in page.boilerplate)
    return {"p": precision, "r": recall, "f1": f1, "kept": float(kept), "out": float(out)}


def evaluate(pages: list[Page]) -> list[list[object]]:
    rows: list[list[object]] = []
    baseline: dict[int, str] = {}
    for name, extractor in EXTRACTORS.items():
        for set_name in sorted({p.set for p in pages}):
            chosen = [p for p in pages if p.set == set_name]
            scores, times, same = [], [], 0
            for page in chosen:
                start = time.process_time()
                try:
                    text = extractor(page.html)
                except Exception:  # a failing extractor scores zero on the page
                    text = ""
                times.append((time.process_time() - start) * 1000)
                scores.append(score(page, text))
                if name == "trafilatura (today)":
                    baseline[id(page)] = text
                same += text == baseline.get(id(page))
            n = len(chosen)
            rows.append([name, set_name, n, f"{sum(s['p'] for s in scores) / n:.3f}",
                         f"{sum(s['r'] for s in scores) / n:.3f}",
                         f"{sum(s['f1'] for s in scores) / n:.3f}",
                         f"{sum(s['kept'] for s in scores):.0f}/{n}",
                         (f"{sum(s['out'] for s in scores):.0f}/{n}" if set_name != "real"
                          else "-"),
                         f"{same}/{n}", f"{median(times):.1f}"])
            print(rows[-1], flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common_args(parser)
    parser.add_argument("--real", metavar="DIR", help="real pages with a ground truth")
    parser.add_argument("--pages", type=int, default=60, help="pages per set")
    args = parser.parse_args(argv)
    count = 12 if args.quick else args.pages
    pages = farm_pages(count) + generated_pages(count)
    if args.real:
        pages += real_pages(Path(args.real), 10 ** 6 if not args.quick else count)
    rows = evaluate(pages)
    body = (table(["extractor", "set", "pages", "P", "R", "F1", "body kept", "boilerplate out",
                   "same as today", "CPU ms/page"], rows)
            + "\n\nP/R/F1: word tokens against the truth, averaged over pages; body kept: "
            "every truth paragraph inside the output (whitespace ignored); boilerplate out: "
            "none of the page's known boilerplate snippets (comments, promos, ads, related "
            "links) in the output; same as today: text identical to trafilatura as monitor "
            "uses it. CPU ms: median per page, one process, caches warm.")
    record("Extractors (benchmarks/extractors.py)", "Main-text extractors, quality and speed"
           + (" (quick)" if args.quick else ""), body, write=not args.no_record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
