"""trafilatura's boilerplate XPath expressions, answered without calling Python from XPath.

Half of trafilatura's time on a 100 KB page (~22 ms of ~40, issue 12) goes to six XPath
expressions that its ``prune_unwanted_nodes`` evaluates on the whole tree: every candidate
element calls EXSLT's ``re:test`` several times, and lxml runs each call as a Python
function (arguments converted to Python strings, a regex cache lookup, the search), ~2 µs an
element and call.  Here each expression is split where it can be answered exactly:

* its node test (``.//*[self::div or ...]``) stays an XPath expression, evaluated by libxml2
  alone, so that the candidates are the same elements in the same order;
* its conditions on attributes are the same tests written in Python: ``re:test(@id, p)`` is
  ``re.search(p, id)`` with ``re.UNICODE`` as lxml compiles it, a missing attribute is the
  empty string, and ``@id|@class`` as one string is whichever of the two comes first in the
  element's attributes (XPath's document order: lxml, and so trafilatura, read it that way).

:func:`install` puts these matchers in place of the XPath objects in trafilatura's own lists
(the lists its functions hand to ``prune_unwanted_nodes``, which only calls each item on the
tree), and only when every expression's text is the one transcribed here: another
trafilatura version keeps its own expressions until this module is brought up to date
(tests/test_extract_prune.py fails then, and checks the answers equal on varied pages).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable
from typing import Any

from lxml import etree

Condition = Callable[[Any], bool]

_FIRST_COMMENT_ID = re.compile("^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)", re.U)
_COMMENT_ID = re.compile("^(?:[Cc]omment(?!ary)|comol)", re.U)
_COMMENT_CLASS = re.compile("^[Cc]omment(?!ary)|(?:article|post)-comments", re.U)
_APPENDED = re.compile("mvp-post-add-(?:box|wrap)|infinite-?scroll", re.U)
_APPENDED_THEME = re.compile("mvp-post-add-(?:box|wrap)", re.U)
_COOKIE = re.compile("cookie", re.U)
_DISCARD_ID = re.compile(
    "^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author"
    "|^(?:jp-|dpsp-content)|bmdh|footer|Footer|share|Share|nav|Nav|menu|related"
    "|message-container|premium|^ad-", re.U)
_DISCARD_CLASS = re.compile(
    "^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author"
    "|^(?:nav|post-nav|ZendeskForm)|subnav|avigation|navbar|navbox|menu|bar| ad |-ad-"
    "|(?:^| )ad-|dfp[Aa]d|outbrain|taboola|criteo|paid-?content|widget|footer|Footer|byline"
    "|Byline|share-|sociable|embedded|embed|tag-list|consent|modal-content|permission|elated"
    "|next-|-stories|most-popular|more-on|meta|rating|attachment|timestamp|user-info"
    "|user-profile|-icon|article-infos|message-container|slide|viewport|overlay|options"
    "|expand|obfuscated|blurred|mol-factbox|yin|zlylin|nfoline", re.U)
_HIDDEN = re.compile("hidden", re.U)
_READER_COMMENTS = re.compile("reader-comments|akismet", re.U)
_HIDDEN_CLASS = re.compile(
    "^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print"
    "| hidden| hide|noprint|notloaded", re.U)
_HAS_H1 = etree.XPath("boolean(.//h1)")


def _attribute(element: Any, name: str) -> str:
    """``@name`` as an XPath string: its value, or the empty string."""
    value = element.get(name)
    return "" if value is None else str(value)


def _first(element: Any, one: str, other: str) -> str:
    """``@one|@other`` as an XPath string: the value of whichever comes first among the
    element's attributes (the empty string when it has neither)."""
    first, second = element.get(one), element.get(other)
    if first is None or second is None:
        return _attribute(element, one if second is None else other)
    for name, value in element.items():
        if name in (one, other):
            return str(value)
    return ""  # not reached: both are among its attributes


def _appended(element: Any) -> bool:
    return bool(_APPENDED.search(_attribute(element, "id"))
                or _APPENDED.search(_attribute(element, "class"))) and (
        not _HAS_H1(element)
        or bool(_APPENDED_THEME.search(_attribute(element, "id"))
                or _APPENDED_THEME.search(_attribute(element, "class"))))


def _share_buttons(element: Any) -> bool:
    return "elementor-share-buttons" in _attribute(element, "class")


def _comments(element: Any) -> bool:
    return bool(_FIRST_COMMENT_ID.search(_attribute(element, "id"))
                or _COMMENT_CLASS.search(_attribute(element, "class")))


def _comments_or_comment_list(element: Any) -> bool:
    return _comments(element) and (
        element.tag not in ("ol", "ul")
        or bool(_COMMENT_ID.search(_attribute(element, "id"))
                or _COMMENT_CLASS.search(_attribute(element, "class"))))


def _discarded(element: Any) -> bool:
    return (element.get("data-lp-replacement-content") is not None
            or "nav" in _attribute(element, "role").replace("N", "n")
            or "MostPopularStories" in _attribute(element, "data-component")
            or bool(_COOKIE.search(_first(element, "id", "class")))
            or bool(_DISCARD_ID.search(_attribute(element, "id")))
            or bool(_DISCARD_CLASS.search(_attribute(element, "class"))))


def _hidden(element: Any) -> bool:
    style = _attribute(element, "style")
    return (element.get("class") == "comments-title"
            or _first(element, "id", "class").startswith("reply-")
            or bool(_HIDDEN.search(_first(element, "id", "style")))
            or "display:none" in style or "display: none" in style
            or bool(_READER_COMMENTS.search(_attribute(element, "id")))
            or bool(_HIDDEN_CLASS.search(_attribute(element, "class")))
            or element.get("aria-hidden") == "true")


class Matcher:
    """An XPath expression's answer: the elements ``candidates`` selects (libxml2 alone) for
    which ``condition`` holds, in document order, as calling the XPath object gives them."""

    def __init__(self, candidates: str, condition: Condition) -> None:
        self.candidates = etree.XPath(candidates, smart_strings=False)
        self.condition = condition

    def __call__(self, tree: Any) -> list[Any]:
        return [element for element in self.candidates(tree) if self.condition(element)]


_APPENDED_TAGS = ".//*[self::div or self::section or self::aside]"
_COMMENT_TAGS = ".//*[self::div or self::list or self::section or self::details]"
# Every condition of the last expression reads one of these attributes: an element with
# none of them never matches (checked when installing).
_HIDING_ATTRIBUTES = ".//*[@id or @class or @style or @aria-hidden]"

# (trafilatura.xpaths list, position): (sha256 of the expression's text, its matcher).
_MATCHERS: dict[tuple[str, int], tuple[str, Matcher]] = {
    ("RAW_TREE_PRUNE_XPATH", 0): (
        "01e7c660fd6406f29932819d2dbd7530e2f3bdac11dde83565e977e391303444",
        Matcher(_APPENDED_TAGS, _appended)),
    ("RAW_TREE_PRUNE_XPATH", 1): (
        "3c7afe92279543d5530365aa7b921c6e5b51243033e5622cae1dc85e08976f87",
        Matcher(_APPENDED_TAGS, _share_buttons)),
    ("REMOVE_COMMENTS_AND_LISTS_XPATH", 0): (
        "9cc18d34e6e2d258172b5df02bc44e578c95ef709b8e06722846c7a410c3a46f",
        Matcher(".//*[self::div or self::list or self::section or self::details or self::ol"
                " or self::ul]", _comments_or_comment_list)),
    ("REMOVE_COMMENTS_XPATH", 0): (
        "5d97216ca15d05582de538174e876b27626b7a166810320152081c7e26bb5ca2",
        Matcher(_COMMENT_TAGS, _comments)),
    ("OVERALL_DISCARD_XPATH", 0): (
        "a837e58a1b1ea116ce1dada53d856dec093fe9f64b37dc503698e30f96a87dd3",
        Matcher(".//*[self::div or self::item or self::list or self::p or self::section"
                " or self::span]", _discarded)),
    ("OVERALL_DISCARD_XPATH", 1): (
        "c1d5b70b8cd03783545d6b715c69062ae6967c222b2d8f4e2399762362d426c0",
        Matcher(_HIDING_ATTRIBUTES, _hidden)),
}

_installed: bool | None = None
_lock = threading.Lock()


def digest(expression: Any) -> str:
    """The sha256 of an XPath object's text (what ``_MATCHERS`` was transcribed from)."""
    return hashlib.sha256(str(expression.path).encode()).hexdigest()


def install() -> bool:
    """Put the matchers in trafilatura's lists, once; False (and trafilatura's expressions
    kept) when any of them is not the text transcribed here."""
    global _installed
    if _installed is not None:
        return _installed
    with _lock:
        if _installed is None:
            _installed = _install()
        return _installed


def _install() -> bool:
    from trafilatura import xpaths

    if _hidden(etree.Element("div")):
        return False  # the last expression's candidates would miss elements
    places = [(getattr(xpaths, name), position, expected, matcher)
              for (name, position), (expected, matcher) in _MATCHERS.items()]
    for expressions, position, expected, _ in places:
        if position >= len(expressions) or not isinstance(expressions[position], etree.XPath):
            return False
        if digest(expressions[position]) != expected:
            return False
    for expressions, position, _, matcher in places:
        expressions[position] = matcher
    return True
