"""Speed-ups must not change results: each fast path checked against a plain reference."""

from __future__ import annotations

import hashlib

from benchmarks.farm import Farm
from monitor import fingerprint


def reference_simhash(title: str, text: str) -> int:
    """SimHash counted bit by bit, the textbook way (what fingerprint.simhash replaced)."""
    tokens = fingerprint.words(title, text)
    if len(tokens) >= 3:
        features = [" ".join(tokens[i:i + 3]) for i in range(len(tokens) - 2)]
    else:
        features = tokens
    weights = [0] * 64
    for feature in features:
        value = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    return sum(1 << bit for bit, weight in enumerate(weights) if weight > 0)


def test_bit_sliced_simhash_equals_the_reference():
    farm = Farm(3, 6, seed=2)
    cases = [(farm.title(f, e), farm.story_text(f, e)) for f in range(3) for e in range(6)]
    words = farm.story_text(0, 0).split()
    cases += [("", " ".join(words[:k])) for k in range(0, 30)]  # ties and tiny inputs
    cases += [("Only a title", ""), ("", "")]
    for title, text in cases:
        assert fingerprint.simhash(title, text) == reference_simhash(title, text)
