"""Spider arguments: parsing, and a clear one-line refusal of every bad value before any crawl."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from devtools.server import serve
from newscrawl.args import MAX_DAYS, BadArgument, parse_args
from newscrawl.sites import all_sites
from tests.helpers.crawl import crawl_command, crawl_env

PROJECT = Path(__file__).resolve().parents[1]
BASE = "https://newsrnd.com"


def test_defaults_are_newest_pages() -> None:
    args = parse_args({}, BASE)
    assert args.base_url == BASE and args.newest_only and args.archive_days == []
    assert args.render == "auto" and not args.fresh and args.max_pages == 1000


def test_date_range_and_days() -> None:
    args = parse_args({"start": "2022-01-30", "end": "2022-02-01"}, BASE)
    assert args.archive_days == [date(2022, 1, 30), date(2022, 1, 31), date(2022, 2, 1)]
    today = datetime.now(UTC).date()
    assert parse_args({"days": "2"}, BASE).archive_days == [today - timedelta(days=1), today]


def test_categories_and_options() -> None:
    args = parse_args(
        {
            "categories": "news, world",
            "since": "2022-01-01",
            "max_pages": "3",
            "fresh": "true",
            "base_url": "http://127.0.0.1:8000/",
            "_job": "abc",
        },
        BASE,
    )
    assert args.categories == ("news", "world") and args.since == date(2022, 1, 1)
    assert args.max_pages == 3 and args.fresh and args.base_url == "http://127.0.0.1:8000"
    assert not args.newest_only


BAD_ARGUMENTS = [
    ({"base_url": "ftp://newsrnd.com"}, "base_url"),
    ({"base_url": "newsrnd.com"}, "base_url"),
    ({"start": "2022-13-01"}, "start"),
    ({"start": "10/01/2022"}, "start"),
    ({"start": "2022-01-10", "end": "2022-01-09"}, "end"),
    ({"end": "2022-01-09"}, "end"),
    ({"days": "0"}, "days"),
    ({"days": "three"}, "days"),
    ({"days": "2", "start": "2022-01-10"}, "days"),
    ({"categories": "news,../etc"}, "categories"),
    ({"categories": ""}, "categories"),  # empty: not silently "no categories" (a newest run)
    ({"categories": " , "}, "categories"),
    ({"since": "yesterday"}, "since"),
    ({"max_pages": "-1"}, "max_pages"),
    ({"days": "-3"}, "days"),
    ({"fresh": "maybe"}, "fresh"),
    ({"render": "sometimes"}, "render"),
    ({"colour": "red"}, "colour"),
    ({"start": "0202-01-09", "end": "2022-01-09"}, "start"),  # a mistyped year: 664,743 days
    ({"start": "2012-01-01"}, "start"),  # to today: more than MAX_DAYS
]


@pytest.mark.parametrize(("raw", "name"), BAD_ARGUMENTS)
def test_bad_argument_names_itself(raw: dict[str, str], name: str) -> None:
    with pytest.raises(BadArgument) as info:
        parse_args(raw, BASE)
    message = str(info.value)
    assert f"{name}" in message and "\n" not in message
    # It says what is accepted, or (a combination of well-formed values) what is wrong with it.
    assert re.search(r"expected|accepted|not both|needs start|before start|more than \d+", message)


@pytest.mark.parametrize(("raw", "name"), BAD_ARGUMENTS[::3])
def test_scrapy_crawl_refuses_bad_argument_before_crawling(raw: dict[str, str], name: str) -> None:
    with serve(PROJECT / "tests/fixtures/replica/site") as server:
        proc = subprocess.run(
            crawl_command({"base_url": server.url, **raw}),
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=crawl_env(),
        )
        assert server.request_log == []  # nothing was fetched
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("newscrawl: error: ") and name in lines[0]
    assert "Traceback" not in proc.stderr


def test_a_range_of_more_days_than_days_accepts_is_refused() -> None:
    """``start=0001-01-01`` was accepted: 738,156 archive days, 2 GB, no listing read in 10 min."""
    last = date(2022, 1, 9)
    first = last - timedelta(days=MAX_DAYS - 1)
    assert len(parse_args({"start": str(first), "end": str(last)}, BASE).archive_days) == MAX_DAYS
    with pytest.raises(BadArgument) as info:
        parse_args({"start": str(first - timedelta(days=1)), "end": str(last)}, BASE)
    assert str(info.value) == (
        f"invalid spider argument start='{first - timedelta(days=1)}': {MAX_DAYS + 1} days from "
        f"start to end, more than {MAX_DAYS}"
    )


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        ({"days": "2", "start": "2022-01-10"}, "days='2': give either days or start/end, not both"),
        ({"via": "feeds", "start": "2022-01-10"}, "start='2022-01-10': not used with via=feeds"),
        ({"end": "2022-01-10"}, "end='2022-01-10': end needs start"),
    ],
)
def test_a_combination_is_refused_without_a_format_hint(raw: dict[str, str], line: str) -> None:
    """Each value is well formed: "; expected a whole number of days" pointed at the wrong thing."""
    with pytest.raises(BadArgument) as info:
        parse_args(raw, BASE)
    assert str(info.value) == f"invalid spider argument {line}"


@pytest.mark.parametrize(
    ("base_url", "says"),
    [
        ("http://x@127.0.0.1:8000/", "user info (name@) is not allowed"),
        ("http://user:secret@newsrnd.com", "user info (name@) is not allowed"),
        ("http://169.254.169.254/latest/meta-data", "a cloud metadata service"),
        ("http://2852039166/", "a cloud metadata service"),  # 169.254.169.254 as one number
        ("http://metadata.google.internal/", "a cloud metadata service"),
        ("http://[fd00:ec2::254]/", "a cloud metadata service"),
        ("http://169.254.10.1:8080/", "a link-local address"),
        ("http://[fe80::1]/", "a link-local address"),
        ("http://[::ffff:169.254.1.1]/", "a link-local address"),
        ("http://0.0.0.0:8000/", "not a host address"),
        ("http://127.0.0.1:99999/", "Port out of range"),
    ],
)
def test_base_url_never_points_at_user_info_link_local_or_metadata(
    base_url: str, says: str
) -> None:
    with pytest.raises(BadArgument) as info:
        parse_args({"base_url": base_url}, BASE)
    message = str(info.value)
    assert message.startswith("invalid spider argument base_url=") and says in message
    assert "\n" not in message


def test_scrapy_crawl_refuses_a_base_url_with_user_info(tmp_path: Path) -> None:
    """It passed the check and failed every request with a traceback."""
    with serve(PROJECT / "tests/fixtures/replica/site") as server:
        user_url = server.url.replace("http://", "http://x@")
        proc = subprocess.run(
            crawl_command({"base_url": user_url}, {"NEWSCRAWL_OUTPUT_DIR": str(tmp_path)}),
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=crawl_env(),
        )
        assert server.request_log == []
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"newscrawl: error: invalid spider argument base_url={user_url!r}: user info (name@) "
        "is not allowed; expected an http(s) URL such as https://newsrnd.com"
    ]


VIA_CASES = [
    ({"via": "archive", "start": "2022-01-10"}, {"archive"}),
    ({"via": "categories"}, {"categories"}),
    ({"via": "feeds", "categories": "news"}, {"feeds"}),
    ({"via": "sitemap"}, {"sitemap"}),
    ({"via": "sitemap", "start": "2022-01-10", "end": "2022-01-11"}, {"sitemap"}),
    ({"via": "newest"}, {"newest"}),
    ({"start": "2022-01-10", "categories": "news"}, {"archive", "categories"}),
    ({"via": "feeds", "since": "2022-01-01"}, {"feeds"}),
    ({"via": "categories", "since": "2022-01-01"}, {"categories"}),
]


@pytest.mark.parametrize(("raw", "walks"), VIA_CASES)
def test_via_names_the_listing_source(raw: dict[str, str], walks: set[str]) -> None:
    assert parse_args(raw, BASE).walks == walks


BAD_COMBINATIONS = [
    ({"via": "rss"}, "via"),
    ({"via": "archive"}, "via"),
    ({"via": "archive", "start": "2022-01-10", "categories": "news"}, "categories"),
    ({"via": "newest", "days": "2"}, "days"),
    ({"via": "feeds", "start": "2022-01-10"}, "start"),
    ({"via": "sitemap", "categories": "news"}, "categories"),
    ({"via": "categories", "days": "3"}, "days"),
    # since alone was accepted and silently ignored: a newest run, no listing it could bound
    ({"since": "2022-01-01"}, "since"),
    ({"since": "2022-01-01", "start": "2022-01-10"}, "since"),
    ({"since": "2022-01-01", "via": "newest"}, "since"),
]


@pytest.mark.parametrize(("raw", "name"), BAD_COMBINATIONS)
def test_bad_combination_names_itself(raw: dict[str, str], name: str) -> None:
    with pytest.raises(BadArgument) as info:
        parse_args(raw, BASE)
    message = str(info.value)
    assert message.startswith(f"invalid spider argument {name}=") and "\n" not in message


def test_a_listing_source_the_site_lacks_is_refused() -> None:
    with pytest.raises(BadArgument, match=r"via='sitemap'.*has no sitemap"):
        parse_args({"via": "sitemap"}, BASE, ["archive", "categories", "newest"])
    with pytest.raises(BadArgument, match=r"start='2022-01-10'.*has no archive"):
        parse_args({"start": "2022-01-10"}, BASE, ["feeds"])


@pytest.mark.parametrize(
    ("spider", "raw", "name"),
    [
        ("limitedtimes", {"via": "sitemap"}, "via"),
        ("pressdigest", {"via": "feeds", "start": "2022-01-10"}, "start"),
    ],
)
def test_scrapy_crawl_refuses_bad_combination_before_crawling(
    spider: str, raw: dict[str, str], name: str
) -> None:
    with serve(PROJECT / "tests/fixtures/replica-press/site") as server:
        proc = subprocess.run(
            crawl_command({"base_url": server.url, **raw}, spider=spider),
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=crawl_env(),
        )
        assert server.request_log == []  # nothing was fetched
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(
        f"newscrawl: error: invalid spider argument {name}="
    )


def test_unknown_spider_is_one_line() -> None:
    done = subprocess.run(
        crawl_command({}, {}, spider="nosuchspider"),
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert {"limitedtimes", "pressdigest"} <= set(all_sites())
    known = ", ".join(sorted(all_sites()))  # scrapy list: "limitedtimes, pressdigest", and more
    assert lines == [f"newscrawl: error: unknown spider 'nosuchspider'; known: {known}"], (
        done.stderr
    )


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        # said "running 'scrapy crawl' with more than one spider is not supported"
        (["crawl", "limitedtimes", "--bogus"], "--bogus"),
        (["extract", "--bogus", "pages.jsonl"], "--bogus"),  # said "expected one input file"
        (["state", "show", "limitedtimes", "--bogus=1"], "--bogus=1"),
    ],
)
def test_an_unknown_option_is_named_in_one_line(argv: list[str], option: str) -> None:
    """Scrapy keeps options it does not know among the positional arguments (parse_known_args)."""
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", *argv],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"newscrawl: error: unknown option {option!r} (scrapy {argv[0]} -h lists the options)"
    ]


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        # Scrapy printed its whole help, and no line saying what was missing
        (["crawl"], "no spider given: scrapy crawl SPIDER, one of limitedtimes, pressdigest"),
        # each printed a "Usage / =====" block over a "scrapy: error: ..." line
        (["crawl", "limitedtimes", "-a", "days"], "-a 'days': expected -a NAME=VALUE"),
        (["crawl", "limitedtimes", "-s", "LOG_LEVEL"], "-s 'LOG_LEVEL': expected -s NAME=VALUE"),
        (["crawl", "limitedtimes", "-a"], "argument -a: expected one argument"),
        (["state"], "expected: scrapy state show|reset SITE"),
        (
            ["schedule", "limitedtimes", "--setting", "X"],
            "--setting 'X': expected --setting NAME=VALUE",
        ),
    ],
)
def test_a_usage_error_is_one_line(argv: list[str], line: str) -> None:
    """A cron job's mail shows the line saying what was wrong, not Scrapy's usage block."""
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", *argv],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [f"newscrawl: error: {line}"]


def test_an_unknown_feed_format_is_one_line(tmp_path: Path) -> None:
    """Scrapy's format error, one line; nothing is written."""
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "limitedtimes", "-O", str(tmp_path / "a.xyz")],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "newscrawl: error: Unrecognized output format 'xyz'"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_refused_argument_leaves_no_folder(tmp_path: Path) -> None:
    """A bad argument made the output folder and the state's before it was refused."""
    out, state = tmp_path / "out", tmp_path / "state"
    cmd = crawl_command(
        {"base_url": "ftp://x"},
        {"NEWSCRAWL_OUTPUT_DIR": str(out), "NEWSCRAWL_STATE_URI": f"sqlite://{state}/s.sqlite"},
    )
    done = subprocess.run(
        cmd, cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2, done.stderr
    assert (
        done.stderr.strip().splitlines()[0].startswith("newscrawl: error: invalid spider argument")
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ({"days": "-1"}, "out of range"),
        ({"max_pages": "-5"}, "out of range"),
        ({"days": "1.5"}, "not a whole number"),
    ],
)
def test_a_negative_number_is_out_of_range_not_no_number(raw: dict[str, str], says: str) -> None:
    """``days=-1`` said "not a whole number" (found by the new-user trial)."""
    with pytest.raises(BadArgument, match=says):
        parse_args(raw, BASE)


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["-a", "days=1", "-a", "days=2"], "-a days is given twice with different values"),
        (["-s", "LOG_LEVEL=INFO", "-s", "LOG_LEVEL=DEBUG"], "-s LOG_LEVEL is given twice"),
    ],
)
def test_a_name_given_twice_with_two_values_is_refused(argv: list[str], line: str) -> None:
    """Scrapy kept the last value silently: ``-a days=1 -a days=2`` ran with 2 (new-user trial)."""
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "limitedtimes", *argv],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"newscrawl: error: {line}"), lines
