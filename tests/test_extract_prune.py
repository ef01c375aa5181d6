"""trafilatura's boilerplate XPath expressions answered in Python (monitor.extract_prune;
issue 12, session 20): the same elements, in the same order, as the XPath objects give."""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import random
from pathlib import Path
from types import ModuleType

import pytest
import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura import htmlprocessing, xpaths
from trafilatura.utils import HTML_PARSER

from monitor import extract_prune
from monitor.extract import extract_article

pytestmark = pytest.mark.timeout(120)

# What the matchers rely on: prune_unwanted_nodes calls each item of the list it is given on
# the tree, and trafilatura hands the four lists to nothing else.  When an upgrade changes
# either, these fail: check the matchers still stand in exactly, then update.
PRUNE_DIGEST = "4731f8e24ef86449c2714a6257d2ff892ff12a6a3d544d7ca87d6536fab29915"
USES = {
    ("core.py", "RAW_TREE_PRUNE_XPATH,"),
    ("core.py", "REMOVE_COMMENTS_AND_LISTS_XPATH,"),
    ("core.py", "REMOVE_COMMENTS_XPATH,"),
    ("core.py", "REMOVE_COMMENTS_XPATH would otherwise prune -- comments are content here, "
                "unlike on"),
    ("core.py", "tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)"),
    ("core.py", "tree = prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)"),
    ("core.py", "cleaned_tree = prune_unwanted_nodes(cleaned_tree, REMOVE_COMMENTS_XPATH)"),
    ("core.py", "else prune_unwanted_nodes(copy(tree), REMOVE_COMMENTS_AND_LISTS_XPATH if "
                "temp_comments else REMOVE_COMMENTS_XPATH)"),
    ("external.py", "from .xpaths import OVERALL_DISCARD_XPATH"),
    ("external.py", "raw_tree = prune_unwanted_nodes(raw_tree, OVERALL_DISCARD_XPATH)"),
    ("main_extractor.py", "OVERALL_DISCARD_XPATH,"),
    ("main_extractor.py", "tree = prune_unwanted_nodes(tree, OVERALL_DISCARD_XPATH, "
                          "with_backup=True)"),
}
LISTS = sorted({name for name, _ in extract_prune._MATCHERS})


def stock_xpaths() -> ModuleType:
    """trafilatura.xpaths as shipped (a fresh copy: the imported one holds the matchers)."""
    spec = importlib.util.find_spec("trafilatura.xpaths")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STOCK = stock_xpaths()


def test_the_matchers_are_installed_by_an_extraction() -> None:
    extract_article(b"<html><body><article><p>" + b"Enough words for a text. " * 20
                    + b"</p></article></body></html>")
    assert extract_prune.install()
    for name, position in extract_prune._MATCHERS:
        assert isinstance(getattr(xpaths, name)[position], extract_prune.Matcher)


@pytest.mark.parametrize(("name", "position"), sorted(extract_prune._MATCHERS))
def test_each_matcher_stands_for_the_expression_shipped(name: str, position: int) -> None:
    expected, _ = extract_prune._MATCHERS[(name, position)]
    assert extract_prune.digest(getattr(STOCK, name)[position]) == expected, \
        trafilatura.__version__


def test_what_the_matchers_rely_on_is_trafilaturas() -> None:
    source = inspect.getsource(htmlprocessing.prune_unwanted_nodes)
    assert hashlib.sha256(source.encode()).hexdigest() == PRUNE_DIGEST, trafilatura.__version__
    folder = Path(trafilatura.__file__).parent
    uses = {(path.name, line.strip()) for path in folder.glob("*.py") if path.name != "xpaths.py"
            for line in path.read_text().splitlines() if any(name in line for name in LISTS)}
    assert uses == USES


@pytest.mark.parametrize("changed", [False, True])
def test_an_expression_not_transcribed_leaves_all_to_trafilatura(
        monkeypatch: pytest.MonkeyPatch, changed: bool) -> None:
    lists = {name: list(getattr(STOCK, name)) for name in LISTS}
    if changed:
        lists["REMOVE_COMMENTS_XPATH"][0] = etree.XPath(".//*[contains(@class, 'other')]")
    for name, expressions in lists.items():
        monkeypatch.setattr(xpaths, name, expressions)
    monkeypatch.setattr(extract_prune, "_installed", None)
    assert extract_prune.install() is not changed
    kinds = {type(item) for expressions in lists.values() for item in expressions}
    assert kinds == ({etree.XPath} if changed else {extract_prune.Matcher})


TAGS = ["div", "section", "aside", "list", "item", "ol", "ul", "details", "p", "span", "h1",
        "a", "li", "article", "fb:like"]
ATTRIBUTES = ["id", "class", "style", "role", "data-component", "data-lp-replacement-content",
              "aria-hidden", "title"]
VALUES = {"style": ["display:none", "display: none", "color:red", "hidden"],
          "role": ["nav", "Nav", "NAVIGATION", "main", "xnNav"],
          "data-component": ["MostPopularStories", "mostpopularstories", "x"],
          "aria-hidden": ["true", "false", "TRUE"]}
# Every alternative of the expressions' regular expressions, near misses and odd characters.
TOKENS = ["comment", "Comment", "commentary", "comol", "disqus_thread", "dsq-comments",
          "article-comments", "mvp-post-add-box", "mvp-post-add-wrap", "infinite-scroll",
          "infinitescroll", "elementor-share-buttons", "cookie", "COOKIE", "share", "Share",
          "shar", "social", "viral", "newsletter", "syndication", "tags", "sidebar", "banner",
          "breadcrumb", "bread-crumb", "button", "author", "jp-x", "dpsp-content", "bmdh",
          "footer", "Footer", "nav", "Nav", "menu", "related", "message-container", "premium",
          "ad-", "ad", " ad ", "-ad-", "dfpAd", "dfpad", "outbrain", "taboola", "criteo",
          "paid-content", "widget", "byline", "Byline", "share-", "sociable", "embedded",
          "tag-list", "consent", "modal-content", "permission", "elated", "next-", "-stories",
          "most-popular", "more-on", "meta", "rating", "attachment", "timestamp", "user-info",
          "user-profile", "-icon", "article-infos", "slide", "viewport", "overlay", "options",
          "expand", "obfuscated", "blurred", "mol-factbox", "yin", "zlylin", "nfoline",
          "post-nav", "ZendeskForm", "subnav", "avigation", "navbar", "navbox", "bar",
          "hidden", "hide-", "-hide-", "hide-print", " hidden", " hide", "noprint",
          "notloaded", "reply-", "-reply-", "message", "akismet", "suggest-links",
          "reader-comments", "comments-title", "nocomments", "story", "\u212aookie", "\xa0",
          " ", ""]


def random_element(rng: random.Random, depth: int = 0) -> str:
    names = rng.sample(ATTRIBUTES, rng.randint(0, 4))  # in random order: @id|@class reads it
    attributes = "".join(f' {name}="{random_value(rng, name)}"' for name in names)
    children = "".join(random_element(rng, depth + 1)
                       for _ in range(rng.randint(0, 3 if depth < 4 else 0)))
    tag = rng.choice(TAGS)
    return f"<{tag}{attributes}>text{children}</{tag}>tail"


def random_value(rng: random.Random, name: str) -> str:
    if name in VALUES and rng.random() < 0.8:
        return rng.choice(VALUES[name])
    return "".join(rng.choice(TOKENS) + rng.choice(["", " ", "-", "_"])
                   for _ in range(rng.choice([1, 1, 2, 3])))


def test_the_matchers_answer_as_the_expressions_on_random_trees() -> None:
    assert extract_prune.install()
    found = dict.fromkeys(extract_prune._MATCHERS, 0)
    for seed in range(600):
        rng = random.Random(seed)
        page = "".join(random_element(rng) for _ in range(rng.randint(1, 6)))
        tree = trafilatura.load_html(f"<html><body>{page}</body></html>".encode())
        assert tree is not None
        for name, position in extract_prune._MATCHERS:
            expected = getattr(STOCK, name)[position](tree)
            assert getattr(xpaths, name)[position](tree) == expected, (seed, name, position)
            found[(name, position)] += len(expected)
    assert min(found.values()) > 10  # every expression matched, not only answered empty


def test_no_regular_expression_matches_a_missing_attribute() -> None:
    """The matchers skip the search when an attribute is missing: XPath searches ''."""
    patterns = [value for name, value in vars(extract_prune).items()
                if isinstance(value, type(extract_prune._COOKIE))]
    assert len(patterns) == 11
    assert not [pattern for pattern in patterns if pattern.search("")]


def test_trafilaturas_parser_looks_element_classes_up_in_c(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert extract_prune.install()
    asked: list[str] = []
    python_lookup = lxml_html.HtmlElementClassLookup.lookup
    monkeypatch.setattr(lxml_html.HtmlElementClassLookup, "lookup",
                        lambda self, *args: asked.append(args[-1]) or python_lookup(self, *args))
    tree = trafilatura.load_html(b"<html><body><form><input></form><div><p>x</p></div>"
                                 b"</body></html>")
    assert tree is not None and len(list(tree.iter())) == 6 and not asked
    assert lxml_html.fromstring(b"<div><p>x</p></div>").tag == "div" and asked  # elsewhere


def test_the_class_lookup_gives_lxml_htmls_classes() -> None:
    html_parser = lxml_html.HTMLParser()  # lxml.html's own lookup
    c_parser = lxml_html.HTMLParser()
    c_parser.set_element_class_lookup(extract_prune.html_class_lookup())
    names = ["form", "FORM", "Form", "input", "InPuT", "select", "textarea", "TEXTAREA",
             "label", "div", "p", "formx", "option", "svg:rect"]
    for seed in range(60):
        rng = random.Random(seed)
        page = "".join(random_element(rng) for _ in range(4)) + "".join(
            f"<{name}>x</{name}><!-- c -->&amp;" for name in rng.sample(names, 5))
        html = f"<html><body>{page}</body></html>".encode()
        trees = [lxml_html.fromstring(html, parser=parser) for parser in (html_parser, c_parser)]
        for tree in trees:
            for name in names[:-1]:  # made elements too (lxml refuses a name with a colon)
                tree.append(tree.makeelement(name))
        one, other = ([(type(node), node.tag) for node in tree.iter()] for tree in trees)
        assert one == other
    assert HTML_PARSER is trafilatura.utils.HTML_PARSER
