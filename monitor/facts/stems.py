"""Word stems: one word's Snowball English stem ("halts" and "halt" share "halt").

Read where two wordings are compared by their words, not their endings: the judge's
tenses (monitor.facts.judge.tense) and a sentence's coverage by the other version
(monitor.facts.whole_sentences).
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snowballstemmer import Stemmer  # declared by stubs/snowballstemmer


# A word's stem, kept: the Snowball stemmer is pure Python (~50 us a word) and the judge
# stems the same verbs again and again (issue 12: ~6 % of the judge's time on edited
# versions).  A word-level table, kept across a worker's jobs (monitor.cpu clears the
# caches of 8,192 entries or fewer after each): short strings, ~2 MB when full.
@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """The Snowball English stem of one word (``english_stemmer().stemWord``)."""
    return english_stemmer().stemWord(word)


@cache
def english_stemmer() -> Stemmer:
    # The English stemmer's module alone: `import snowballstemmer` loads every language's
    # (~30 ms of a process's first diff)
    from snowballstemmer.english_stemmer import EnglishStemmer

    return EnglishStemmer()
