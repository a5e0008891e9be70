"""The ``NEWSCRAWL_RENDER_*`` settings parsed once into a dataclass, testable without a crawler."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from typing import Any

from scrapy.settings import BaseSettings

#: Debian's Chromium (``apt-get install chromium``); playwright cannot download its own here.
DEFAULT_CHROMIUM = "/usr/bin/chromium"
#: Headless Chromium as root in a closed network: no sandbox (root), no GPU, no background
#: traffic to Google services (updates, sync, field trials) that would only time out.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@dataclass(frozen=True)
class RenderConfig:
    """How the browser is found, launched and bounded.

    >>> from scrapy.settings import Settings
    >>> config = RenderConfig.from_settings(Settings({"NEWSCRAWL_RENDER_MAX_PAGES": "2"}))
    >>> config.chromium, config.max_pages, config.wait_seconds
    ('/usr/bin/chromium', 2, 10.0)
    """

    chromium: str = DEFAULT_CHROMIUM
    max_pages: int = 4
    wait_seconds: float = 10.0
    navigation_timeout: float = 30.0

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> RenderConfig:
        """Read ``NEWSCRAWL_RENDER_*`` (``DOWNLOAD_TIMEOUT`` bounds a page's navigation)."""
        max_pages = settings.getint("NEWSCRAWL_RENDER_MAX_PAGES", cls.max_pages)
        wait = settings.getfloat("NEWSCRAWL_RENDER_WAIT_SECONDS", cls.wait_seconds)
        if max_pages < 1:
            raise ValueError(f"NEWSCRAWL_RENDER_MAX_PAGES must be at least 1, not {max_pages}")
        if wait <= 0:
            raise ValueError(f"NEWSCRAWL_RENDER_WAIT_SECONDS must be positive, not {wait}")
        return cls(
            chromium=str(settings.get("NEWSCRAWL_RENDER_CHROMIUM") or DEFAULT_CHROMIUM),
            max_pages=max_pages,
            wait_seconds=wait,
            navigation_timeout=settings.getfloat("DOWNLOAD_TIMEOUT", cls.navigation_timeout),
        )

    def chromium_path(self) -> str | None:
        """The Chromium executable, or None when it is not installed (a bare name is looked
        up on ``PATH``).

        >>> RenderConfig(chromium="/nonexistent/chromium").chromium_path() is None
        True
        """
        path = self.chromium if os.sep in self.chromium else shutil.which(self.chromium)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
        return None

    def missing_message(self) -> str:
        """The one line logged when Chromium is needed but not installed."""
        return (
            f"Chromium not found at {self.chromium}: install it with `apt-get install chromium`"
            " or set NEWSCRAWL_RENDER_CHROMIUM; listings needing JavaScript are skipped"
        )

    def playwright_settings(self) -> dict[str, Any]:
        """scrapy-playwright's settings for this config: one headless Chromium, one context,
        at most ``max_pages`` pages open at once.

        >>> s = RenderConfig(chromium="/opt/chromium", max_pages=3).playwright_settings()
        >>> s["PLAYWRIGHT_LAUNCH_OPTIONS"]["executable_path"], s["PLAYWRIGHT_MAX_PAGES_PER_CONTEXT"]
        ('/opt/chromium', 3)
        """
        return {
            "PLAYWRIGHT_BROWSER_TYPE": "chromium",
            "PLAYWRIGHT_LAUNCH_OPTIONS": {
                "executable_path": self.chromium,
                "headless": True,
                "args": list(CHROMIUM_ARGS),
            },
            "PLAYWRIGHT_MAX_CONTEXTS": 1,
            "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": self.max_pages,
            "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": self.navigation_timeout * 1000,
        }
