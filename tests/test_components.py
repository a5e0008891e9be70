"""One component per concern, reached the Scrapy way: settings resolved as a crawl starts, the
writing components switched on by one add-on, the site and arguments read from the settings,
the browser decision in one spider middleware, and no component reading the spider."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scrapy.crawler import AsyncCrawlerRunner, Crawler, CrawlerRunner
from scrapy.http import HtmlResponse, Request
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import is_reactor_installed
from scrapy.utils.test import get_crawler, get_reactor_settings

from newscrawl import settings as project_settings
from newscrawl.commands.tools import without_side_effects
from newscrawl.extensions.feedguard import FeedGuard
from newscrawl.extensions.runreport import RunReport
from newscrawl.extensions.statecommit import StateCommit
from newscrawl.extensions.statsfile import StatsFile
from newscrawl.extract.aggregated import NotAnArticle
from newscrawl.render.config import RenderConfig
from newscrawl.render.policy import META_RENDERED, RenderPolicy
from newscrawl.render.routing import RenderRouting
from newscrawl.runsettings import crawl_args_of, site_of
from newscrawl.sites.limitedtimes import SITE, LimitedTimesSpider
from tests.helpers.crawl import PROJECT

FIXTURES = Path(__file__).parent / "fixtures"
JS_LISTING = (FIXTURES / "replica-js/site/news/page/1.html").read_bytes()
PLAIN_LISTING = (FIXTURES / "replica/site/news/page/1.html").read_bytes()
JS_ARTICLE = b'<html><body><main id="app"></main><script>render()</script></body></html>'
WRITING = (FeedGuard, StatsFile, StateCommit, RunReport)

# Imports settings.py in a working directory and environment of its own, prints what it holds,
# then what a crawler started there (settings applied, with one -s) holds.
_IMPORT_THEN_CRAWL = """
import json, sys
from newscrawl import settings
names = ["NEWSCRAWL_OUTPUT_DIR", "NEWSCRAWL_STATE_URI", "NEWSCRAWL_REDIS_URL",
         "NEWSCRAWL_ALLOWED_ROOTS"]
imported = {n: getattr(settings, n) for n in names}
from scrapy.crawler import CrawlerRunner
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor
from newscrawl.sites.limitedtimes import LimitedTimesSpider
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
project = get_project_settings()
project.set("NEWSCRAWL_STATE_URI", "", priority="cmdline")
crawler = CrawlerRunner(project).create_crawler(LimitedTimesSpider)
crawler._apply_settings()
print(json.dumps({"imported": imported, "crawler": {n: crawler.settings[n] for n in names}}))
"""


def test_settings_read_no_environment_nor_folder_until_a_crawler_starts(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT),
        "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
        "NEWSCRAWL_OUTPUT_DIR": str(tmp_path / "env-out"),
        "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'env.sqlite'}",
        "NEWSCRAWL_ALLOWED_ROOTS": str(tmp_path),
    }
    env.pop("NEWSCRAWL_REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_THEN_CRAWL],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(done.stdout.splitlines()[-1])
    # Importing settings.py read nothing from the environment or the working directory ...
    assert set(seen["imported"].values()) == {None}
    # ... a crawler starting there did: the environment over the default, -s over both.
    assert seen["crawler"] == {
        "NEWSCRAWL_OUTPUT_DIR": str(tmp_path / "env-out"),
        "NEWSCRAWL_STATE_URI": "",
        "NEWSCRAWL_REDIS_URL": None,
        "NEWSCRAWL_ALLOWED_ROOTS": str(tmp_path),
    }
    # Without the environment: absolute defaults in the working directory of the crawl.
    bare = {k: v for k, v in env.items() if k not in seen["crawler"]}
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_THEN_CRAWL],
        cwd=tmp_path,
        env=bare,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    crawler = json.loads(done.stdout.splitlines()[-1])["crawler"]
    assert crawler["NEWSCRAWL_OUTPUT_DIR"] == str(tmp_path.resolve() / "output")
    assert crawler["NEWSCRAWL_ALLOWED_ROOTS"] == ""


def _project_crawler(settings: Settings, **spider_args: Any) -> Crawler:
    """A crawler of the project's settings and the Limited Times spider, its settings applied
    as ``scrapy crawl`` applies them (no engine, nothing opened; the spider built only when
    given arguments)."""
    settings.setdict(get_reactor_settings(), priority="cmdline")
    runner = CrawlerRunner if is_reactor_installed() else AsyncCrawlerRunner
    crawler = runner(settings).create_crawler(LimitedTimesSpider)
    if spider_args:
        crawler.spider = crawler._create_spider(**spider_args)
    crawler._apply_settings()
    return crawler


def test_the_add_on_switches_the_writing_components_on_and_the_tools_off(tmp_path: Path) -> None:
    settings = get_project_settings()
    settings.set("NEWSCRAWL_STATE_URI", "", priority="cmdline")
    settings.set("NEWSCRAWL_OUTPUT_DIR", str(tmp_path), priority="cmdline")
    settings.set("NEWSCRAWL_STATS_FILE", str(tmp_path / "stats.json"), priority="cmdline")
    crawler = _project_crawler(settings.copy())
    assert all(crawler.get_extension(cls) is not None for cls in WRITING)
    tool = settings.copy()
    without_side_effects(tool)
    crawler = _project_crawler(tool)
    assert [cls for cls in WRITING if crawler.get_extension(cls) is not None] == []
    # A user's EXTENSIONS still switches one component off (the add-on's priority is lower).
    settings.set("EXTENSIONS", {"newscrawl.extensions.statsfile.StatsFile": None}, "project")
    crawler = _project_crawler(settings)
    assert crawler.get_extension(StatsFile) is None
    assert crawler.get_extension(StateCommit) is not None


def test_components_learn_the_site_and_arguments_from_the_settings(tmp_path: Path) -> None:
    settings = get_project_settings()
    settings.set("NEWSCRAWL_STATE_URI", "", priority="cmdline")
    settings.set("NEWSCRAWL_OUTPUT_DIR", str(tmp_path), priority="cmdline")
    crawler = _project_crawler(settings, days="2", render="never", base_url="http://127.0.0.1:9")
    site, args = site_of(crawler.settings), crawl_args_of(crawler.settings)
    assert site is SITE
    assert args is not None and (args.days, args.render) == (2, "never")
    assert args.base_url == "http://127.0.0.1:9"
    # A crawler of another spider has neither, and the site's components stay off.
    other = get_crawler()
    assert site_of(other.settings) is None and crawl_args_of(other.settings) is None


def _routing(mode: str = "auto") -> RenderRouting:
    crawler = get_crawler()
    # /bin/sh stands in for an installed browser: nothing is launched here.
    policy = RenderPolicy(mode, RenderConfig(chromium="/bin/sh"), SITE, crawler)  # type: ignore[arg-type]
    crawler.stats.open_spider()
    return RenderRouting(policy)


def _listing(body: bytes, **meta: object) -> HtmlResponse:
    url = "https://x.org/news"
    meta = {"newscrawl/listing": "category/news", "newscrawl/page": 1, **meta}
    return HtmlResponse(url, body=body, request=Request(url, meta=meta))


def test_a_listing_built_by_javascript_is_read_again_in_the_browser_not_by_the_spider() -> None:
    routing = _routing()
    ran = []

    def callback() -> Iterator[Any]:
        ran.append(True)
        yield Request("https://x.org/a")

    (again,) = list(routing.process_spider_output(_listing(JS_LISTING), callback()))
    assert again.meta["playwright"] and again.dont_filter and not ran
    # The next page of the rendered listing goes to the browser, as a new URL (filtered).
    rendered = _listing(PLAIN_LISTING, **again.meta)
    next_page = rendered.request.replace(url="https://x.org/news?page=2")  # type: ignore[union-attr]
    (routed,) = list(routing.process_spider_output(rendered, iter([next_page])))
    assert routed.meta["playwright"] and not routed.dont_filter and META_RENDERED in routed.meta
    # Feeds and sitemaps (no page number) and article requests are never routed.
    feed = Request("https://x.org/feed", meta={"newscrawl/listing": "feed"})
    assert list(routing.process_spider_output(rendered, iter([feed]))) == [feed]


def test_a_plain_listing_is_the_spiders_and_render_never_keeps_it_plain() -> None:
    routing = _routing("never")
    out = list(routing.process_spider_output(_listing(JS_LISTING), iter(["item"])))
    assert out == ["item"]
    assert routing.policy.stats.get_value("newscrawl/render/skipped") == 1


def test_an_article_the_spider_could_not_read_goes_to_the_browser_uncounted() -> None:
    routing = _routing()
    counted: list[str] = []

    def parse_article(response: HtmlResponse) -> Iterator[Any]:
        """As the spider's: why the page was not read, then the failure counted."""
        yield NotAnArticle("no title")
        counted.append(response.url)

    url = "https://x.org/news/2022-01-10-a.HJx2HyMD3F.html"
    shell = HtmlResponse(url, body=JS_ARTICLE, request=Request(url))
    (again,) = list(routing.process_spider_output(shell, parse_article(shell)))
    assert again.meta["playwright"] and counted == []
    gone = HtmlResponse(url, body=b"<p>Gone</p>", request=Request(url))
    assert list(routing.process_spider_output(gone, parse_article(gone))) == []
    assert counted == [url]


#: How a component would read or set a project attribute on the spider.
_SPIDER_ATTRIBUTE = re.compile(
    r"getattr\((?:self\.crawler\.|crawler\.)?spider, \"(?:site|crawl_args|run_state|base_url|"
    r"listing_requests|render)\"|\bspider\.(?:run_state|render|site|crawl_args|base_url)\b"
    r"|hasattr\(crawler\.spider"
)


def test_no_component_reads_or_sets_the_spiders_project_attributes() -> None:
    """Components (everything but the spiders' own modules) never touch the spider's
    attributes; the spider publishes what they need in the settings."""
    found = []
    for path in sorted((PROJECT / "newscrawl").rglob("*.py")):
        if path.parent.name == "spiders":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if _SPIDER_ATTRIBUTE.search(line):
                found.append(f"{path.relative_to(PROJECT)}:{number}: {line.strip()}")
    assert found == []
    assert project_settings.NEWSCRAWL_SITE is None
