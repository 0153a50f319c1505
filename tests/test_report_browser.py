"""The HTML report in a real browser: Debian's Chromium through Playwright.

Skipped when the ``playwright`` package or /usr/bin/chromium is missing
(``bash .ci/browser.sh`` installs both; Playwright never downloads a browser
here). Every page is opened from file:// with a fresh profile; a test fails on
any console error, any request that is not file:// or data:, or any dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import need_data
from storybuild import attributed_story, xss_story

from ficlens import analyze
from ficlens.model import Story
from ficlens.write.report import render_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (bash .ci/browser.sh)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )  # fmt: skip
        yield browser
        browser.close()


@dataclass
class Opened:
    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        assert all(url.startswith(("file://", "data:")) for url in self.requests), self.requests


def open_report(context: Any, story: Story, tmp_path: Path, name: str) -> Opened:
    target = tmp_path / f"{name}.html"
    target.write_text(render_report(story), encoding="utf-8")
    page = context.new_page()
    opened = Opened(page)

    def console(message: Any) -> None:
        if message.type == "error":
            opened.errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.on("request", lambda request: opened.requests.append(request.url))

    def dialog(d: Any) -> None:
        opened.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(target.as_uri())
    page.wait_for_selector("html[data-ready='1']", state="attached")
    return opened


def assert_charts_render(page: Any) -> None:
    sizes = page.eval_on_selector_all(
        "svg.chart",
        "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])",
    )
    assert len(sizes) >= 2
    assert all(width > 0 and height > 0 for width, height in sizes)


def test_hand_built_story_highlights_and_explains_lines(context: Any, tmp_path: Path) -> None:
    opened = open_report(context, attributed_story(), tmp_path, "hand")
    page = opened.page
    assert page.locator(".s.sp.c1.k1").count() == 2  # Tobias
    assert page.locator(".s.th.c0").count() == 1  # Mira's thought
    assert page.locator("#story .s.low").count() == 1
    assert page.locator("#story .s.cu").count() == 1
    page.locator("#l0").focus()
    tip = page.locator("#tip")
    assert tip.is_visible()
    assert "Tobias" in tip.inner_text() and "explicit-tag" in tip.inner_text()
    assert page.locator("#l0").get_attribute("aria-describedby") == "tip"
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    mira = page.locator("button.who[data-k='0']")
    mira.click()
    assert mira.get_attribute("aria-pressed") == "true"
    assert page.locator("html.filtering").count() == 1
    assert page.locator("#story .hit").count() == 2
    assert "Mira: 2 lines" in page.locator("#status").inner_text()
    page.locator("#only").check()
    assert page.locator("#story p:visible").count() == 2
    mira.click()
    assert page.locator("html.filtering").count() == 0
    assert_charts_render(page)
    page.screenshot(path=str(tmp_path / "hand.png"), full_page=True)
    opened.assert_clean()


def test_xss_story_runs_nothing(context: Any, tmp_path: Path) -> None:
    opened = open_report(context, xss_story(), tmp_path, "xss")
    page = opened.page
    assert page.locator("#story img, #story svg, #story b, header img").count() == 0
    assert page.evaluate("document.scripts.length") == 2
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    page.locator("#l0").hover()
    assert "<img src=x onerror=alert(1)>" in page.locator("#tip").inner_text()
    page.locator("button.who").first.click()
    page.screenshot(path=str(tmp_path / "xss.png"))
    opened.assert_clean()


@pytest.mark.parametrize(
    "parts",
    [("seed", "always-and-forever.txt"), ("pdnc", "Persuasion", "novel_text.txt")],
    ids=["seed", "persuasion"],
)
def test_real_stories_open_offline_with_colours_and_filters(
    context: Any, tmp_path: Path, parts: tuple[str, ...]
) -> None:
    story = analyze(need_data(*parts))
    opened = open_report(context, story, tmp_path, parts[0])
    page = opened.page
    voiced = [s for s in story.spans if s.kind.value in ("speech", "thought", "message")]
    assert page.locator("#story .s").count() == len(voiced)
    attributed = [s for s in voiced if s.speaker]
    coloured = page.locator("#story .s:not(.cu)").count()
    assert coloured == len(attributed)
    if attributed:
        page.locator("button.who").first.click()
        assert page.locator("#story .hit").count() > 0
        assert page.locator("#story .s.hit.k0").count() == page.locator("#story .hit").count()
    assert_charts_render(page)
    page.screenshot(path=str(tmp_path / f"{parts[0]}.png"))
    opened.assert_clean()
