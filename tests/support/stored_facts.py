"""Facts rows as a monitor before December 2026 stored them (issue 12).

monitor no longer stores a version's facts: they are read from its text when asked for
(``ingest.read_story_facts``).  Stores written before hold them (``facts``, each sentence
once per story in ``sentences``), and every reader must still serve those rows; this puts
such rows into a store of either kind, with the SQL those monitors ran.
"""

from __future__ import annotations

import json
from typing import Any

from monitor.storage import Storage


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def store_facts(store: Storage, story_id: int, version_id: int,
                facts: list[dict[str, Any]]) -> None:
    """Store a version's facts (kind, key, value, span, sentence) as an older monitor did,
    and mark the version's facts stored (``facts_deferred = 0``)."""
    from monitor.store import SqliteStore

    sqlite = isinstance(store, SqliteStore)
    mark = "?" if sqlite else "%s"
    sentences = [_text(f.get("sentence")) for f in facts]
    new_sentences = [(story_id, s) for s in dict.fromkeys(sentences) if s is not None]
    rows = [(version_id, story_id, f.get("kind"), _text(f.get("key")), _text(f.get("value")),
             _text(f.get("span")), story_id, sentence)
            for f, sentence in zip(facts, sentences, strict=True)]
    with store.write() as conn:
        cursor = conn if sqlite else conn.cursor()
        cursor.executemany(
            "INSERT OR IGNORE INTO sentences (story_id, text) VALUES (?, ?)"
            if sqlite else "INSERT INTO sentences (story_id, text) SELECT %s, %s WHERE NOT "
            "EXISTS (SELECT 1 FROM sentences s WHERE s.story_id = %s AND s.text = %s)",
            new_sentences if sqlite else [(i, s, i, s) for i, s in new_sentences])
        cursor.executemany(
            "INSERT INTO facts (version_id, story_id, kind, key, value, span, sentence_id) "
            f"VALUES ({', '.join([mark] * 6)}, (SELECT id FROM sentences "
            f"WHERE story_id = {mark} AND text = {mark}))", rows)
        cursor.execute(f"UPDATE versions SET facts_deferred = 0 WHERE id = {mark}",
                       [version_id])

