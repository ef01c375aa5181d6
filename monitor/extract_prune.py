"""trafilatura's boilerplate XPath expressions, answered without calling Python from XPath,
and lxml.html's element classes looked up in C for its trees.

Half of trafilatura's time on a 100 KB page (~22 ms of ~40, issue 12) goes to six XPath
expressions that its ``prune_unwanted_nodes`` evaluates on the whole tree: every candidate
element calls EXSLT's ``re:test`` several times, and lxml runs each call as a Python
function (arguments converted to Python strings, a regex cache lookup, the search), ~2 µs an
element and call.  Here each expression is split where it can be answered exactly:

* its node test (``.//*[self::div or ...]``) is lxml's walk of the tree's descendants with
  those names (``iterdescendants``): the same elements in the same order;
* its conditions on attributes are the same tests written in Python: ``re:test(@id, p)`` is
  ``re.search(p, id)`` with ``re.UNICODE`` as lxml compiles it, a missing attribute is the
  empty string, and ``@id|@class`` as one string is whichever of the two comes first in the
  element's attributes (XPath's document order: lxml, and so trafilatura, read it that way).

:func:`install` puts these matchers in place of the XPath objects in trafilatura's own lists
(the lists its functions hand to ``prune_unwanted_nodes``, which only calls each item on the
tree), and only when every expression's text is the one transcribed here: another
trafilatura version keeps its own expressions until this module is brought up to date
(tests/test_extract_prune.py fails then, and checks the answers equal on varied pages).

The matchers, like trafilatura's walks, make a Python object of most elements, and lxml.html
asks a Python method which class each gets: :func:`install` also gives trafilatura's parser
the same classes looked up in C (:func:`html_class_lookup`), when its probe page's nodes get
the same classes as before.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import threading
from collections.abc import Callable
from typing import Any

from lxml import etree
from lxml import html as lxml_html

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


def _first(element: Any, one: str, other: str, one_value: str | None,
           other_value: str | None) -> str:
    """``@one|@other`` as an XPath string (their values given): the value of whichever
    comes first among the element's attributes, the empty string when it has neither."""
    if one_value is None or other_value is None:
        return one_value or other_value or ""
    for name, value in element.items():
        if name in (one, other):
            return str(value)
    return ""  # not reached: both are among its attributes


def _appended(element: Any) -> bool:
    ident, names = _attribute(element, "id"), _attribute(element, "class")
    return bool(_APPENDED.search(ident) or _APPENDED.search(names)) and (
        not _HAS_H1(element)
        or bool(_APPENDED_THEME.search(ident) or _APPENDED_THEME.search(names)))


def _share_buttons(element: Any) -> bool:
    return "elementor-share-buttons" in _attribute(element, "class")


def _comments(element: Any) -> bool:
    ident: str | None = element.get("id")
    names: str | None = element.get("class")
    return bool((ident is not None and _FIRST_COMMENT_ID.search(ident))
                or (names is not None and _COMMENT_CLASS.search(names)))


def _comments_or_comment_list(element: Any) -> bool:
    return _comments(element) and (
        element.tag not in ("ol", "ul")
        or bool(_COMMENT_ID.search(_attribute(element, "id"))
                or _COMMENT_CLASS.search(_attribute(element, "class"))))


def _discarded(element: Any) -> bool:
    get: Callable[[str], str | None] = element.get
    ident, names = get("id"), get("class")
    return (get("data-lp-replacement-content") is not None
            or "nav" in (get("role") or "").replace("N", "n")
            or "MostPopularStories" in (get("data-component") or "")
            or bool(_COOKIE.search(_first(element, "id", "class", ident, names)))
            or bool(ident is not None and _DISCARD_ID.search(ident))
            or bool(names is not None and _DISCARD_CLASS.search(names)))


def _hidden(element: Any) -> bool:
    get: Callable[[str], str | None] = element.get
    ident, names, style = get("id"), get("class"), get("style")
    if ident is None and names is None and style is None:
        return get("aria-hidden") == "true"  # each other test reads one of the three
    return (names == "comments-title"
            or _first(element, "id", "class", ident, names).startswith("reply-")
            or bool(_HIDDEN.search(_first(element, "id", "style", ident, style)))
            or (style is not None and ("display:none" in style or "display: none" in style))
            or bool(ident is not None and _READER_COMMENTS.search(ident))
            or bool(names is not None and _HIDDEN_CLASS.search(names))
            or get("aria-hidden") == "true")


class Matcher:
    """An XPath expression's answer: the descendants of the tree named ``tags`` (every
    element when empty), in document order, for which ``condition`` holds, as calling the
    XPath object gives them."""

    def __init__(self, tags: tuple[str, ...], condition: Condition) -> None:
        self.tags: tuple[Any, ...] = tags or (etree.Element,)
        self.condition = condition

    def __call__(self, tree: Any) -> list[Any]:
        return [element for element in tree.iterdescendants(*self.tags)
                if self.condition(element)]


# ``.//*[self::div or self::section or self::aside]`` and the like: lxml's own walk matches
# the names as XPath's node test does (exactly, elements without a namespace), ~3 times
# faster than libxml2 evaluating the predicate on every element.
_APPENDED_TAGS = ("div", "section", "aside")
_COMMENT_TAGS = ("div", "list", "section", "details")

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
        Matcher((*_COMMENT_TAGS, "ol", "ul"), _comments_or_comment_list)),
    ("REMOVE_COMMENTS_XPATH", 0): (
        "5d97216ca15d05582de538174e876b27626b7a166810320152081c7e26bb5ca2",
        Matcher(_COMMENT_TAGS, _comments)),
    ("OVERALL_DISCARD_XPATH", 0): (
        "a837e58a1b1ea116ce1dada53d856dec093fe9f64b37dc503698e30f96a87dd3",
        Matcher(("div", "item", "list", "p", "section", "span"), _discarded)),
    ("OVERALL_DISCARD_XPATH", 1): (
        "c1d5b70b8cd03783545d6b715c69062ae6967c222b2d8f4e2399762362d426c0",
        Matcher((), _hidden)),
}

_installed: bool | None = None
_lock = threading.Lock()


def digest(expression: Any) -> str:
    """The sha256 of an XPath object's text (what ``_MATCHERS`` was transcribed from)."""
    return hashlib.sha256(str(expression.path).encode()).hexdigest()


def install() -> bool:
    """Put the matchers in trafilatura's lists and the class lookup on its parser, once;
    False (and trafilatura's expressions kept) when any of them is not the text transcribed
    here."""
    global _installed
    if _installed is not None:
        return _installed
    with _lock:
        if _installed is None:
            _install_lookup()
            _installed = _install_matchers()
        return _installed


# ---------------------------------------------------------------- element classes

# A page of every node kind and of the element names lxml.html gives classes of their own.
_PROBE = (b"<html><head><title>t</title></head><body><!-- c --><p>a &amp; b</p><FORM>"
          b"<Input name=q><select><option>o</option></select><textarea>t</textarea>"
          b"<label>l</label></FORM><svg:rect/><div><span>x</span></div></body></html>")


def html_class_lookup() -> etree.ElementNamespaceClassLookup:
    """lxml.html's element classes, looked up by lxml in C: ``HtmlElementClassLookup``
    answers from a Python method, called for every element that gets a Python object
    (~12,000 times in an extraction of a 100 KB page: every walk and XPath result).  The
    same answer for every element without a namespace (all of an HTML parser's): the
    special classes under each spelling of their names (it lower-cases the name), else
    ``HtmlElement``; comments, processing instructions and entities as it gives them."""
    fallback = etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity)
    lookup = etree.ElementNamespaceClassLookup(fallback)
    classes = lookup.get_namespace(None)
    special: dict[str, type] = vars(lxml_html.HtmlElementClassLookup)["_default_element_classes"]
    for name, element_class in special.items():
        for spelling in itertools.product(*((c.lower(), c.upper()) for c in name)):
            classes["".join(spelling)] = element_class
    return lookup


def _classes(parser: Any) -> list[tuple[type, object]]:
    root = lxml_html.fromstring(_PROBE, parser=parser)
    made = [root.makeelement(name) for name in ("Form", "LABEL", "input", "div")]
    return [(type(node), node.tag) for node in (*root.iter(), *made)]


def _install_lookup() -> None:
    """The lookup on trafilatura's parser (every tree it parses, and their copies), when it
    gives the probe page's nodes the classes the parser gave them."""
    from trafilatura.utils import HTML_PARSER

    if type(HTML_PARSER) is not lxml_html.HTMLParser:
        return
    before = _classes(HTML_PARSER)
    HTML_PARSER.set_element_class_lookup(html_class_lookup())
    if _classes(HTML_PARSER) != before:
        HTML_PARSER.set_element_class_lookup(lxml_html.HtmlElementClassLookup())


def _install_matchers() -> bool:
    from trafilatura import xpaths

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
