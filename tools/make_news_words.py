"""Write monitor/facts/data/news_words.txt: common words of today's news that Webster's
Second (1934, the lexicon english-words ships) does not list.

    .venv/bin/python tools/make_news_words.py [CORPUS_DIR]

Why: the fact core tells a sentence-initial or Title Case common word from a name by
looking it up in a lower-case lexicon; without "website", "lockdown", "email", "app" or
"smartphone" there, "Website helps users order from hawkers" names a "Website", and a
headline naming it looks like news.  No maintained package ships a modern lower-case
English word list (wordfreq's lists are case-folded: "trump" and "apple" are in them), so
the list is read off real news text: a word goes in when the summaries and bodies of
shared/corpus/real write it in lower case in the middle of a sentence at least
MIN_LOWER times and capitalised there at most MAX_CAPITALISED_SHARE of the time.
Headlines are not read (Title Case capitalises everything), nor are the stories of any
labelled set in benchmarks/data (their texts are the measurements'), so no label and no
measured text shapes the list.  Run by hand when the corpus grows; monitor reads only the
file.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "real"
OUT = REPO / "monitor" / "facts" / "data" / "news_words.txt"
LABELS = REPO / "benchmarks" / "data"

MIN_LOWER = 3
MAX_CAPITALISED_SHARE = 0.1
MIN_LENGTH = 3

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[A-Za-z][a-z]+(?:-[a-z]+)*")


def labelled_stories() -> set[str]:
    stories = set()
    for path in LABELS.glob("realpairs-*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                stories.add(json.loads(line)["story_id"])
    return stories


def sentences(corpus: Path, skip: set[str]) -> set[str]:
    """Every distinct sentence of every version's text (a text repeated by many
    versions counts once)."""
    seen: set[str] = set()
    for path in sorted(corpus.glob("*.jsonl")):
        if path.name == "pair_hints.jsonl":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            story = json.loads(line)
            if story["story_id"] in skip:
                continue
            for version in story["versions"]:
                text = version.get("text") or ""
                if text.strip() != (version.get("title") or "").strip():
                    seen.update(s.strip() for s in _SENTENCE.split(text) if s.strip())
    return seen


def count_cases(texts: set[str]) -> tuple[Counter[str], Counter[str]]:
    """How often each word is written lower case and capitalised, first words aside."""
    lower: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for sentence in texts:
        for match in list(_WORD.finditer(sentence))[1:]:
            word = match.group(0)
            if word.islower():
                lower[word] += 1
            else:
                capitalised[word.lower()] += 1
    return lower, capitalised


def news_words(lower: Counter[str], capitalised: Counter[str],
               known: frozenset[str]) -> list[str]:
    return sorted(
        word for word, n in lower.items()
        if n >= MIN_LOWER and len(word) >= MIN_LENGTH and word not in known
        and capitalised[word] <= MAX_CAPITALISED_SHARE * (n + capitalised[word]))


def main(argv: list[str]) -> int:
    from english_words import get_english_words_set

    corpus = Path(argv[0]) if argv else CORPUS
    lower, capitalised = count_cases(sentences(corpus, labelled_stories()))
    words = news_words(lower, capitalised, frozenset(get_english_words_set(["web2"])))
    header = (
        "# Common words of today's news missing from Webster's Second (english-words'\n"
        "# web2 list): written lower case mid-sentence in shared/corpus/real.  Generated\n"
        "# by tools/make_news_words.py (its docstring says how); do not edit by hand.\n"
        "# Format: words separated by white space; \"#\" starts a comment.  Each word once.\n")
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
