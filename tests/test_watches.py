"""Which changes matter to which watch (pure)."""

from __future__ import annotations

from monitor.config import WatchConfig
from monitor.watches import (
    DEFAULT_CHANNEL,
    StoryContext,
    mentions_any,
    route_changes,
    watch_changes,
)
from tests.support.outbox import MINE_TEXT, MINE_TITLE, condition_change

STORY = StoryContext(feed="world", title=MINE_TITLE, text=MINE_TEXT, tags=("world", "ukraine"))


def watch(**fields: object) -> WatchConfig:
    values: dict[str, object] = {"name": "w", "notify": ("hook",)}
    values.update(fields)
    return WatchConfig(**values)  # type: ignore[arg-type]


def test_keywords_match_whole_words_case_insensitively_in_title_or_text() -> None:
    assert mentions_any(["MINES"], "US authorises antipersonnel mines")
    assert mentions_any(["populated areas"], "away from populated\n areas, he said")
    assert mentions_any(["U.S."], "a U.S. official said")
    assert not mentions_any(["mine"], "determined to undermine the talks")
    assert not mentions_any(["mine"], "the mines were")  # "mine" is not "mines"
    assert not mentions_any(["ukraine"], None, "")
    assert not mentions_any([], "anything")


def test_keyword_watch_fires_only_for_stories_that_mention_it() -> None:
    change = condition_change()
    assert watch_changes(watch(keywords=("landmine", "mines")), STORY, [change]) == [change]
    assert watch_changes(watch(keywords=("election",)), STORY, [change]) == []


def test_keyword_in_a_changed_sentence_counts_even_if_gone_from_the_text() -> None:
    story = StoryContext(feed="world", title="Update", text="nothing relevant")
    change = condition_change(old_sentence="Mines will be used only in Ukraine.")
    assert watch_changes(watch(keywords=("mines",)), story, [change]) == [change]


def test_kinds_filter() -> None:
    condition, number = condition_change(), condition_change(kind="number", old="5", new="6")
    assert watch_changes(watch(kinds=("number",)), STORY, [condition, number]) == [number]
    assert watch_changes(watch(kinds=()), STORY, [condition, number]) == [condition, number]


def test_severity_filter() -> None:
    low, medium, high = (condition_change(severity=s) for s in ("low", "medium", "high"))
    assert watch_changes(watch(min_severity="medium"), STORY, [low, medium, high]) == [
        medium, high]
    assert watch_changes(watch(min_severity="high"), STORY, [low, medium]) == []


def test_feeds_and_tags_select_sources_as_a_union() -> None:
    change = condition_change()
    assert watch_changes(watch(feeds=("world",)), STORY, [change]) == [change]
    assert watch_changes(watch(feeds=("sport",)), STORY, [change]) == []
    assert watch_changes(watch(tags=("ukraine",)), STORY, [change]) == [change]
    assert watch_changes(watch(tags=("sport",)), STORY, [change]) == []
    assert watch_changes(watch(feeds=("sport",), tags=("ukraine",)), STORY, [change]) == [change]


def test_no_watches_send_every_change_to_the_console() -> None:
    change = condition_change(severity="low")
    routes = route_changes((), STORY, [change])
    assert [(r.channel, r.changes) for r in routes] == [(DEFAULT_CHANNEL, [change])]


def test_no_changes_no_routes() -> None:
    assert route_changes((), STORY, []) == []
    assert route_changes((watch(),), STORY, []) == []


def test_watches_sharing_a_channel_make_one_route_with_the_union_of_changes() -> None:
    date = condition_change(kind="date", old="January", new="February")
    condition = condition_change()
    watches = (
        watch(name="dates", kinds=("date",), notify=("hook", "mail")),
        watch(name="conditions", kinds=("condition",), notify=("hook",)),
        watch(name="elsewhere", feeds=("sport",), notify=("mail",)),
    )
    routes = {r.channel: r for r in route_changes(watches, STORY, [condition, date])}
    assert set(routes) == {"hook", "mail"}
    assert routes["hook"].watches == ["dates", "conditions"]
    assert routes["hook"].changes == [condition, date]  # the diff's order, no repeats
    assert routes["mail"].watches == ["dates"]
    assert routes["mail"].changes == [date]


def test_a_watch_that_matches_nothing_routes_nowhere() -> None:
    watches = (watch(keywords=("election",)),)
    assert route_changes(watches, STORY, [condition_change()]) == []


def test_curly_apostrophes_match_plain_keywords() -> None:
    from monitor.watches import mentions_any

    assert mentions_any(["president's term"], "weeks before the end of the president\u2019s term")
    assert mentions_any(["president\u2019s term"], "the end of the president's term")
    assert not mentions_any(["his term"], "a long-term plan for this terminal")
