"""The web view in a real headless Chromium (Debian's ``chromium`` package driven by
Playwright; no browser is downloaded).  `.ci/run` installs chromium; on a machine without
it these tests skip with one line, except under CI=true, where they fail instead."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.web import UI_TOKEN, WebStore, build

pytestmark = pytest.mark.browser

CHROMIUM_NAMES = ("chromium", "chromium-browser")


def chromium_path() -> str | None:
    """$MONITOR_CHROMIUM, else chromium on PATH (Debian: /usr/bin/chromium)."""
    explicit = os.environ.get("MONITOR_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    try:
        import uvicorn  # noqa: F401
    except ImportError:
        return "the web extra is not installed (pip install -e '.[test]')"
    if chromium_path() is None:
        return "no chromium found (apt-get install chromium, or set MONITOR_CHROMIUM)"
    return None


IN_CI = os.environ.get("CI", "").lower() == "true"
UNAVAILABLE = _unavailable()
if UNAVAILABLE and not IN_CI:  # one line in the summary, not one per test
    pytest.skip(f"browser tests skipped: {UNAVAILABLE}", allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if UNAVAILABLE:  # under CI=true a missing browser is a failure, never a skip
        pytest.fail(f"browser tests must run in CI: {UNAVAILABLE}", pytrace=False)
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if os.geteuid() == 0 else []  # chromium refuses root otherwise
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=args)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> WebStore:
    return build(tmp_path_factory.mktemp("browser") / "monitor.db")


@pytest.fixture(scope="module")
def live(web: WebStore, browser: Any) -> Iterator[str]:
    """The web view served by uvicorn on a free loopback port; its base URL."""
    from monitor.web.app import WebApp
    from monitor.web.server import ServerThread, allowed_hosts

    app = WebApp(web.path, config=web.config, token=UI_TOKEN,
                 allowed_hosts=allowed_hosts("127.0.0.1"))
    server = ServerThread(app.app, "127.0.0.1", 0)
    url = server.start()
    try:
        yield url.rstrip("/")
    finally:
        server.stop()


class Watched:
    """A page plus what went wrong on it: console errors (CSP violations are reported
    there), uncaught exceptions and dialogs (an alert() would mean injected script ran)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

    def clean(self) -> None:
        assert self.errors == [] and self.dialogs == []


@pytest.fixture
def page(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield Watched(context.new_page())
    finally:
        context.close()


def shot(page: Any, path: Path) -> None:
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5000


def test_follow_a_change_to_its_story_and_see_it_highlighted(page: Watched, live: str,
                                                             tmp_path: Path):
    p = page.page
    p.goto(live + "/")
    assert p.title() == "Latest fact changes · monitor"
    rows = p.locator("table.changes tbody tr")
    assert rows.count() == 4
    shot(p, tmp_path / "changes.png")
    row = rows.filter(has_text="near the front line")
    assert row.locator(".v-old").inner_text() == "away from populated areas"
    row.locator("td.story a").click()
    p.wait_for_url("**/stories/*?from=1&to=2#diff")
    old = p.locator(".sbs .k-fact .cell.old mark.fact")
    new = p.locator(".sbs .k-fact .cell.new mark.fact")
    assert old.first.inner_text() == "away from populated areas"
    assert new.first.inner_text() == "near the front line"
    assert old.first.is_visible() and new.first.is_visible()
    # the stylesheet applied under the CSP: the marks are highlighted, the row tinted
    background = new.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    cell = p.locator(".sbs .k-fact .cell.old").first.evaluate(
        "e => getComputedStyle(e).backgroundColor")
    assert cell not in ("rgba(0, 0, 0, 0)", "transparent")
    shot(p, tmp_path / "story.png")
    # the next version: its typo fix is shown, but quietly (no tint, muted colour)
    p.get_by_role("link", name="2 fact changes").click()
    p.wait_for_url("**from=2&to=3#diff")
    quiet = p.locator(".sbs .k-cosmetic .cell.old")
    assert quiet.count() == 1 and "critcism" in quiet.inner_text()
    assert quiet.evaluate("e => getComputedStyle(e).backgroundColor") in (
        "rgba(0, 0, 0, 0)", "transparent")
    assert quiet.evaluate("e => getComputedStyle(e).color") != cell
    assert p.locator(".sbs .k-fact").count() >= 1
    page.clean()


def test_apply_a_filter(page: Watched, live: str, tmp_path: Path):
    p = page.page
    p.goto(live + "/")
    # progressively enhanced: ticking a kind applies it at once
    p.get_by_role("checkbox", name="date").check()
    p.wait_for_url("**/?*kind=date*")
    rows = p.locator("table.changes tbody tr")
    assert rows.count() == 1 and "on January 20" in rows.first.inner_text()
    shot(p, tmp_path / "filtered.png")
    p.locator("select[name=feed]").select_option("wire")
    p.wait_for_url("**feed=wire**")
    assert p.locator("table.changes").count() == 0
    assert "No fact change matches these filters." in p.content()
    p.get_by_role("link", name="Clear").click()
    p.wait_for_url(live + "/")
    assert p.locator("table.changes tbody tr").count() == 4
    page.clean()


def test_everything_works_without_javascript(browser: Any, live: str, tmp_path: Path):
    context = browser.new_context(java_script_enabled=False)
    try:
        p = context.new_page()
        p.goto(live + "/")
        p.locator("input[name=q]").fill("authorises")
        p.get_by_role("checkbox", name="condition").check()
        p.get_by_role("button", name="Apply").click()
        p.wait_for_url("**kind=condition**")
        rows = p.locator("table.changes tbody tr")
        assert rows.count() == 1
        rows.first.locator("td.story a").click()
        p.wait_for_url("**#diff")
        assert p.locator("mark.fact").count() >= 2
        p.locator("select[name=from]").select_option("1")
        p.locator("select[name=to]").select_option("3")
        p.get_by_role("button", name="Compare").click()
        p.wait_for_url("**from=1&to=3**")
        assert "v1 → v3" in p.locator(".summary").inner_text()
        shot(p, tmp_path / "nojs.png")
    finally:
        context.close()


def test_mute_a_story_after_signing_in(page: Watched, live: str, web: WebStore,
                                       tmp_path: Path):
    p = page.page
    p.goto(f"{live}/stories/{web.mines}")
    p.get_by_role("link", name="Sign in").first.click()
    p.locator("input[name=token]").fill(UI_TOKEN)
    p.get_by_role("button", name="Sign in").click()
    p.wait_for_url(f"**/stories/{web.mines}?note=signed-in")
    p.locator("select[name=duration]").select_option("1h")
    p.get_by_role("button", name="Mute").click()
    p.wait_for_url("**note=muted")
    assert p.locator(".mute .badge.muted").is_visible()
    shot(p, tmp_path / "muted.png")
    p.get_by_role("button", name="Unmute").click()
    p.wait_for_url("**note=unmuted")
    assert p.locator(".mute .badge.muted").count() == 0
    page.clean()


def test_hostile_story_runs_no_script(page: Watched, live: str, web: WebStore,
                                      tmp_path: Path):
    p = page.page
    for path in ("/", "/stories", "/alerts", "/feeds", f"/stories/{web.hostile}?from=1&to=2"):
        p.goto(live + path)
        assert p.locator("main script, main img").count() == 0, path
        assert p.locator("a[href^='javascript']").count() == 0, path
    heading = p.locator("h1").inner_text()
    assert "<script>alert('title')</script>" in heading  # shown as text
    assert "\u202e" not in heading and "Evil knil headline" in heading
    shot(p, tmp_path / "hostile.png")
    page.clean()
