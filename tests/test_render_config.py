"""RenderConfig from settings, without a crawler; and playwright stays unloaded until needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.settings import Settings

from newscrawl.render.config import CHROMIUM_ARGS, RenderConfig

PROJECT = Path(__file__).resolve().parents[1]


def test_defaults_from_project_settings() -> None:
    settings = Settings()
    settings.setmodule("newscrawl.settings")
    config = RenderConfig.from_settings(settings)
    assert config == RenderConfig(
        chromium="/usr/bin/chromium", max_pages=4, wait_seconds=10.0, navigation_timeout=30.0
    )


def test_settings_override() -> None:
    config = RenderConfig.from_settings(
        Settings(
            {
                "NEWSCRAWL_RENDER_CHROMIUM": "/opt/chromium/chrome",
                "NEWSCRAWL_RENDER_MAX_PAGES": "2",
                "NEWSCRAWL_RENDER_WAIT_SECONDS": "3.5",
                "DOWNLOAD_TIMEOUT": "12",
            }
        )
    )
    assert (config.chromium, config.max_pages, config.wait_seconds) == (
        "/opt/chromium/chrome",
        2,
        3.5,
    )
    pw = config.playwright_settings()
    assert pw["PLAYWRIGHT_LAUNCH_OPTIONS"] == {
        "executable_path": "/opt/chromium/chrome",
        "headless": True,
        "args": list(CHROMIUM_ARGS),
    }
    assert pw["PLAYWRIGHT_MAX_PAGES_PER_CONTEXT"] == 2 and pw["PLAYWRIGHT_MAX_CONTEXTS"] == 1
    assert pw["PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT"] == 12000


@pytest.mark.parametrize(
    ("key", "value"), [("NEWSCRAWL_RENDER_MAX_PAGES", "0"), ("NEWSCRAWL_RENDER_WAIT_SECONDS", "-1")]
)
def test_bad_values_are_refused(key: str, value: str) -> None:
    with pytest.raises(ValueError, match=key):
        RenderConfig.from_settings(Settings({key: value}))


def test_chromium_path(tmp_path: Path) -> None:
    assert RenderConfig(chromium=str(tmp_path / "missing")).chromium_path() is None
    not_executable = tmp_path / "chromium"
    not_executable.write_text("#!/bin/sh\n")
    assert RenderConfig(chromium=str(not_executable)).chromium_path() is None
    not_executable.chmod(0o755)
    assert RenderConfig(chromium=str(not_executable)).chromium_path() == str(not_executable)
    message = RenderConfig(chromium="/x/chromium").missing_message()
    assert message.startswith("Chromium not found at /x/chromium: install it with `apt-get install")


def test_playwright_is_not_imported_until_a_page_needs_it() -> None:
    code = (
        "import sys, newscrawl.render.handler, newscrawl.render.policy;"
        "import newscrawl.sites.limitedtimes;"
        "print(sorted(m for m in sys.modules if m.startswith('playwright')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
