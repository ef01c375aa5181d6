# english-words 2: hinted in its source but without a py.typed marker.
from collections.abc import Iterable

def get_english_words_set(sources: Iterable[str], alpha: bool = False,
                          lower: bool = False) -> set[str]: ...
