# snowballstemmer ships no type hints; only what monitor.facts.judge calls.
from snowballstemmer import Stemmer

class EnglishStemmer(Stemmer): ...
