"""Scrapy settings for newscrawl.

Precedence: this file < a site's ``custom_settings`` < validated spider arguments < ``-s``.
Project settings carry the ``NEWSCRAWL_<COMPONENT>_<NAME>`` prefix and are all declared in the
block at the end, each with a comment.
"""

from newscrawl import startguard

# First, before the imports that take a second or two: Ctrl-C while a crawl starts is one line.
startguard.guard()

from newscrawl.items import ARTICLE_FIELDS  # noqa: E402

BOT_NAME = "newscrawl"
# Each site module (newscrawl/sites/<key>.py) declares its spider beside its profile.
SPIDER_MODULES = ["newscrawl.spiders", "newscrawl.sites"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# Politeness fit for a real site; tests and benchmarks turn it off with -s.
USER_AGENT = "newscrawl/0.1 (+https://github.com/newscrawl/newscrawl; news archive crawler)"
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 0.5
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# An aggregator answers a first request with a transient 500 at times: retry it.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# The page that failed for good is logged once, by the spider (newscrawl.spiders.aggregator,
# capped at LOGGED_FAILED lines): Scrapy's own give-up line would make it two per page.
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"
DOWNLOAD_TIMEOUT = 30
# 404 article pages reach the spider's errback, which counts dead card links.
HTTPERROR_ALLOWED_CODES: list[int] = []
# A news page is well under 1 MiB: refuse anything over 16 MiB, also after decompression (a gzip
# bomb), and warn from 4 MiB. A truncated body (fewer bytes than Content-Length) fails and is
# retried (Scrapy's default DOWNLOAD_FAIL_ON_DATALOSS), never parsed half.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's off-site check by host, plus: a redirect to another port of the host is off-site.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newscrawl.middlewares.offsite.OffsiteMiddleware": 50,
    # Before RetryMiddleware (550) on the way back: a 429/503's Retry-After is waited out.
    "newscrawl.middlewares.retryafter.RetryAfterMiddleware": 560,
    # After HttpCompressionMiddleware (590): an HTML body is read as HTML whatever its type.
    "newscrawl.middlewares.htmlresponse.HtmlResponseMiddleware": 580,
    # After RetryMiddleware (550) on the way back: a site that never answered is given up on
    # after NEWSCRAWL_UNREACHABLE_AFTER failed attempts.
    "newscrawl.middlewares.reachability.ReachabilityMiddleware": 570,
}
# The article frontier: holds article requests until the listings are read, releases them
# oldest first, and keeps the gate the dedup pipeline waits on (earliest copy wins).
SCHEDULER = "newscrawl.frontier.holding.ArticleFrontier"
SPIDER_MIDDLEWARES = {
    # Closest to the engine: sees what of an article callback's output goes on (its item, or
    # none), after the depth and URL length checks.
    "newscrawl.frontier.tracking.ParsedArticles": 40,
    # Newest-pages mode: a listing's next page is read only while the page before held news.
    "newscrawl.middlewares.newest.NewestPaging": 750,
    # Which pages go through the browser (render=): HTML listings routed by their kind, and a
    # page built by JavaScript read again in the browser before the spider sees it.
    "newscrawl.render.routing.RenderRouting": 760,
}

# Remote control of a running crawl is not needed; keep no open port (Scrapy 2.19's HTTP
# remote control runs Python code sent to it).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

ITEM_PIPELINES = {
    "newscrawl.pipelines.boilerplate.BoilerplatePipeline": 100,
    "newscrawl.pipelines.validate.ValidationPipeline": 200,
    "newscrawl.pipelines.dedup.DedupPipeline": 300,
}

# Feeds: one JSON line per article in <NEWSCRAWL_OUTPUT_DIR>/<spider>/<start time>.jsonl, an
# absolute path also under Scrapyd (whose working directory is its own). The folder is filled in
# when the feed opens (FEED_URI_PARAMS), so `-s NEWSCRAWL_OUTPUT_DIR=...` and Scrapyd's
# `setting=NEWSCRAWL_OUTPUT_DIR=...` move it. `-O x.jsonl` or `-O x.csv` on the command line
# replaces this default, as Scrapy users expect.
FEEDS = {
    "%(newscrawl_output_dir)s/%(name)s/%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf8"},
}
FEED_URI_PARAMS = "newscrawl.feeds.uri_params"
FEED_EXPORT_FIELDS = list(ARTICLE_FIELDS)
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {"csv": "newscrawl.exporters.ArticleCsvItemExporter"}
# Local feed files confirm every write (fsync) before the state commits its articles, and record
# a failed write (disk full) instead of raising it per item (newscrawl.feeds).
FEED_STORAGES = {
    "": "newscrawl.feeds.ConfirmedFileStorage",
    "file": "newscrawl.feeds.ConfirmedFileStorage",
    # -O ftp://: uploaded under a temporary name, renamed once whole (newscrawl.feeds).
    "ftp": "newscrawl.feeds.StagedFTPFeedStorage",
    "ftps": "newscrawl.feeds.StagedFTPFeedStorage",
    # -o -: a closed pipe (| head) fails the feed (exit 6) instead of losing the articles.
    "stdout": "newscrawl.feeds.ConfirmedStdoutStorage",
}

# http(s): plain HTTP, except pages that need JavaScript (render=auto|always), which go to
# scrapy-playwright's Chromium, imported and started only when the first such page comes.
DOWNLOAD_HANDLERS = {
    "http": "newscrawl.render.handler.RenderDownloadHandler",
    "https": "newscrawl.render.handler.RenderDownloadHandler",
}

EXTENSIONS = {
    # Every setting's type and range checked (newscrawl.settingspec) before the others start,
    # also where `scrapy crawl`'s own check is bypassed (runspider, a CrawlerProcess script).
    "newscrawl.settingspec.SettingsCheck": -1,
    # The components that write files (feed guard 50, stats file 500, state and dedup 600, run
    # report 700) come with the add-on newscrawl.outputs.Outputs (ADDONS below).
    "newscrawl.extensions.progress.Progress": 650,
    "newscrawl.extensions.outcome.RunOutcome": 800,
}

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
# Logs an operator reads: INFO, start-up component lists, settings and the stats dump at DEBUG
# (newscrawl.logs), no version table (`scrapy version -v` prints it), the progress line
# (NEWSCRAWL_PROGRESS_INTERVAL) instead of Scrapy's LogStats line, the run report last.
LOG_LEVEL = "INFO"
LOG_VERSIONS: list[str] = []
LOGSTATS_INTERVAL = 0
# Outputs: every component that writes files, on together (Scrapy's tools take it out), and the
# defaults below that come from the environment or the working directory, resolved as a crawl
# starts (newscrawl.outputs).
ADDONS = {"newscrawl.logs.QuietLogs": 0, "newscrawl.outputs.Outputs": 10}

# --- newscrawl settings ------------------------------------------------------------------
# A short paragraph printed in most articles of one source in a run is boilerplate (a promo or
# ad line): in at least RECUR_MIN articles (0 turns the signal off) and at least RECUR_SHARE of
# the source's articles, once the source has RECUR_ARTICLES articles in the run. Body text from
# templates repeats too, but in few articles.
NEWSCRAWL_BOILERPLATE_RECUR_MIN = 3
NEWSCRAWL_BOILERPLATE_RECUR_ARTICLES = 10
NEWSCRAWL_BOILERPLATE_RECUR_SHARE = 0.5
# Recurring lines are only ever this short (words); long recurring text is left alone.
NEWSCRAWL_BOILERPLATE_RECUR_MAX_WORDS = 25
# How long (seconds) the dedup pipeline may hold an article while an earlier-aggregated page
# is still being fetched, so that the earliest copy of a source article wins.
NEWSCRAWL_DEDUP_HOLD_SECONDS = 60.0
# Priority of listing pages over article pages (listings first: they reveal the cards).
NEWSCRAWL_LISTING_PRIORITY = 1000
# Article requests in the scheduler at a time once listings are read (oldest first); the rest
# wait in the spider as (card time, URL) pairs, which keeps memory flat on large crawls.
# 0: schedule them all at once.
NEWSCRAWL_RELEASE_BATCH = 2000
# Hold article requests until every listing is read (then release them oldest first). Scrapy's
# tools (scrapy parse, shell, check, fetch: newscrawl.commands.tools) turn it off, so that a
# listing yields its article requests, which `scrapy parse` shows instead of fetching them.
NEWSCRAWL_RELEASE_HOLD = True
# Write the final stats of each run as JSON to this path (unset: no file).
NEWSCRAWL_STATS_FILE = None
# Scrapy's start-up lists (components, overridden settings) and its closing stats dump at DEBUG
# instead of INFO (newscrawl.logs); False: Scrapy's own levels.
NEWSCRAWL_LOG_QUIET = True
# Seconds between two progress lines (newscrawl.extensions.progress); 0: none.
NEWSCRAWL_PROGRESS_INTERVAL = 60.0
# The Chromium that renders listings built by JavaScript (Debian's `apt-get install chromium`;
# playwright's own browser downloads are not used). Missing: such listings are skipped, logged.
NEWSCRAWL_RENDER_CHROMIUM = "/usr/bin/chromium"
# Browser pages open at once (each is a renderer process: bounded for memory).
NEWSCRAWL_RENDER_MAX_PAGES = 4
# How long (seconds) a page in the browser may take to show its cards before it is read as is.
NEWSCRAWL_RENDER_WAIT_SECONDS = 10.0
# Folder of the default feeds (FEEDS above): the environment variable NEWSCRAWL_OUTPUT_DIR, else
# output/ in the working directory (the checkout, when run from one). None here: resolved, as an
# absolute path, when the crawl starts (newscrawl.outputs.resolve_defaults), so a Scrapyd job
# writes where this says, not into Scrapyd's working directory.
NEWSCRAWL_OUTPUT_DIR: str | None = None
# Crawl state store (newscrawl.state.open_store): the environment variable NEWSCRAWL_STATE_URI,
# else an absolute SQLite file state/state.sqlite in the working directory (resolved when the
# crawl starts, as NEWSCRAWL_OUTPUT_DIR); empty (-s NEWSCRAWL_STATE_URI=): no state store.
NEWSCRAWL_STATE_URI: str | None = None
# Commit exports to the state store after this many items, or this many seconds, once the
# feed files are flushed and fsynced.
NEWSCRAWL_STATE_COMMIT_ITEMS = 50
NEWSCRAWL_STATE_COMMIT_SECONDS = 2.0
# Folder of run journals used to recover a crashed run (default: beside the SQLite file).
NEWSCRAWL_STATE_JOURNAL_DIR = None
# How long (seconds) the state store may not answer before the run fails (exit code 7): while it
# does not answer, exports pause and claims are retried with backoff, so nothing is exported
# that the store does not record. A corrupt store fails the run at once.
NEWSCRAWL_STATE_OUTAGE_SECONDS = 60.0
# Distributed mode (newscrawl.distributed): several workers, on several machines, share one run
# through this Redis (scrapy-redis scheduler and dupefilter; the state store is the same Redis).
# The environment variable of the same name sets it too (read when the crawl starts:
# newscrawl.outputs.resolve_defaults); unset, Redis is never contacted.
NEWSCRAWL_REDIS_URL: str | None = None
# The run that workers join; default: derived from the spider name and its arguments.
NEWSCRAWL_RUN_ID = None
# How often (seconds) a worker sends its heartbeat and reads the run's state.
NEWSCRAWL_DISTRIBUTED_POLL_SECONDS = 0.2
# A worker without a heartbeat for this long is dead: a peer requeues its requests and settles
# its claims. Longer than any pause of a live worker (a blocking page parse, a GC).
NEWSCRAWL_DISTRIBUTED_DEAD_AFTER_SECONDS = 30.0
# How long (seconds) a finished run's "done" marker is kept.
NEWSCRAWL_DISTRIBUTED_DONE_TTL_SECONDS = 86400.0
# Faults and limits: the longest wait (seconds) a 429/503's Retry-After may impose before its
# retry (longer asks are capped and counted); 0 retries at once, as Scrapy does.
NEWSCRAWL_RETRY_AFTER_MAX_SECONDS = 30.0
# Run report (newscrawl.extensions.runreport): a summary in the log and <feed>.report.json beside
# each local feed, with counts and field coverage per source.
NEWSCRAWL_REPORT_ENABLED = True
# Warn when a source's coverage of a field fell by more than this (absolute share) since the
# previous report of the same spider in the same folder: the sign of a layout change.
NEWSCRAWL_REPORT_DROP_WARN = 0.3
# Sources with fewer records than this in a run are not compared or checked (too few to judge).
NEWSCRAWL_REPORT_MIN_RECORDS = 3
# Fail the run (exit code 3) when a source's, or the overall, coverage of a checked field (byline,
# published_at, media credits, body) is below this share; 0 never fails.
NEWSCRAWL_COVERAGE_MIN = 0.0
# Folders (os.pathsep-separated) that every path a crawl writes (feeds, state file, journals, stats
# file, LOG_FILE, JOBDIR, HTTPCACHE_DIR, any *DIR/*_FILE setting) must resolve inside
# (newscrawl.paths; checked before a crawl starts, and by `scrapy schedule`). From the environment
# or this file only: Scrapyd's setting= can move NEWSCRAWL_OUTPUT_DIR, not widen these. Empty: any
# folder, but '..' and NUL bytes are refused all the same. None: the environment's, read when
# the crawl starts (newscrawl.outputs.resolve_defaults).
NEWSCRAWL_ALLOWED_ROOTS: str | None = None
# Mirrors of known sites for `scrapy extract` ({"limitedtimes": "http://127.0.0.1:8000"}), as
# its --mirror SITE=URL; a page under one is extracted with that site's rules.
NEWSCRAWL_EXTRACT_MIRRORS: dict[str, str] = {}
# Bounded work (newscrawl.spiders.aggregator): a listing page yields at most this many cards; the
# rest are counted (newscrawl/listings/cards_over_cap) and logged once. A real listing page holds
# tens of cards; a page of 100,000 would otherwise cost 100,000 requests.
NEWSCRAWL_LISTING_MAX_CARDS = 1000
# A site that never answered is unreachable (exit code 4) after this many failed downloads in a
# row (each retry counts), one that stopped answering mid-run after this times RETRY_TIMES + 1
# with no answer in between; 0: only when the whole crawl got no answer
# (newscrawl.middlewares.reachability).
NEWSCRAWL_UNREACHABLE_AFTER = 3
# Until the site first answers, a request waits at most this long (seconds, when DOWNLOAD_TIMEOUT
# is longer): a server that accepts and never answers is called unreachable in seconds.
NEWSCRAWL_UNREACHABLE_TIMEOUT = 10.0
# CSV feeds start with a UTF-8 byte-order mark, so that spreadsheets (Excel) read them as UTF-8
# and show "Lucía", not "LucÃ­a"; an append to a non-empty file writes none. False: no mark.
NEWSCRAWL_CSV_BOM = True
# What the run crawls (newscrawl.runsettings), set by the site spider, not by hand: the site's
# key (its update_settings) and its validated -a arguments as JSON data (its from_crawler).
# Components read these instead of the spider's attributes.
NEWSCRAWL_SITE: str | None = None
NEWSCRAWL_CRAWL_ARGS: dict[str, object] = {}
