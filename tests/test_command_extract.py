"""``scrapy extract`` run as a real subprocess over small inputs."""

from __future__ import annotations

import contextlib
import csv
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from devtools.peakrss import run_measured
from newscrawl.commands.extract import MAX_LINE_CHARS, output_format
from newscrawl.items import ARTICLE_FIELDS

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT / "tests" / "fixtures"
REALDATA = FIXTURES / "realdata"
REPLICA = FIXTURES / "replica"
SCRAPY = Path(sys.executable).with_name("scrapy")


def run_extract(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRAPY), "extract", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, **env},
    )


def run_extract_measured(*args: str) -> tuple[int, str, int]:
    """Exit code, stderr and peak RSS (KiB, this child alone: devtools.peakrss) of
    ``scrapy extract``."""
    with tempfile.TemporaryFile() as err:
        run = run_measured([str(SCRAPY), "extract", *args], cwd=PROJECT, stderr=err)
        err.seek(0)
        return run.returncode, err.read().decode("utf-8", "replace"), run.peak_rss_kib


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """An input with a gz page (absolute path), a plain .html page (relative path), a
    missing file, a page that is not HTML and a known-site replica page."""
    truth = [json.loads(line) for line in (REALDATA / "truth.jsonl").read_text().splitlines()]
    fundus = next(row for row in truth if row["set"] == "fundus")
    aeb = next(row for row in truth if row["set"] == "aeb")
    (tmp_path / "plain.html").write_bytes(gzip.decompress((REALDATA / aeb["html"]).read_bytes()))
    (tmp_path / "empty.html").write_bytes(b"")
    replica = json.loads((REPLICA / "pages.jsonl").read_text().splitlines()[0])
    lines = [
        {"id": "gz", "url": fundus["url"], "html": str(REALDATA / fundus["html"])},
        {"id": "plain", "url": aeb["url"], "html": "plain.html"},
        {"id": "missing", "url": "https://example.org/gone", "html": "nowhere/gone.html.gz"},
        {"id": "empty", "url": "https://example.org/empty", "html": "empty.html"},
        {
            "id": 7,
            "url": "https://newsrnd.com" + replica["path"],
            "html": str(REPLICA / "site" / replica["path"].lstrip("/")),
        },
    ]
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_extract_jsonl(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    proc = run_extract(str(pages), "-O", str(out), "--root", str(FIXTURES), "--root", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    records = {rec["id"]: rec for rec in read_jsonl(out)}
    assert list(records) == ["gz", "plain", "missing", "empty", 7]
    assert records["gz"]["site"] == "generic" and records["gz"]["authors"]
    assert records["plain"]["site"] == "generic" and len(records["plain"]["body"]) > 500
    assert set(ARTICLE_FIELDS) <= set(records["plain"])
    assert "error" not in records["plain"]
    assert "gone.html.gz" in records["missing"]["error"]
    assert records["empty"]["error"].startswith("cannot parse")
    assert records[7]["site"] == "limitedtimes"
    # The page's own clock: its offset kept, so the day is the publisher's (and the same instant)
    assert (records["gz"]["published_at"], records["gz"]["modified_at"]) == (
        "2024-11-22T16:55:35+08:00",
        "2024-11-22T16:55:27+08:00",
    )
    assert records[7]["published_at"].endswith("Z")  # a known site's record is the crawl's, UTC
    utc = tmp_path / "utc.jsonl"
    args = ("--root", str(FIXTURES), "--root", str(tmp_path), "--utc")
    proc = run_extract(str(pages), "-O", str(utc), *args)
    assert proc.returncode == 0, proc.stderr
    in_utc = {rec["id"]: rec for rec in read_jsonl(utc)}
    # --utc: as the crawl writes them
    assert (in_utc["gz"]["published_at"], in_utc["gz"]["modified_at"]) == (
        "2024-11-22T08:55:35Z",
        "2024-11-22T08:55:27Z",
    )
    instant = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\dZ)?$")
    times = [r.get(k) for r in in_utc.values() for k in ("published_at", "modified_at")]
    assert all(instant.match(t) for t in times if t), times


def test_append_and_csv(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    out.write_text('{"id": "earlier"}\n', encoding="utf-8")
    table = tmp_path / "articles.csv"
    proc = run_extract(
        str(pages),
        "-o",
        str(out),
        "-O",
        str(table),
        "--root",
        str(FIXTURES),
        "--root",
        str(tmp_path),
    )
    assert proc.returncode == 0, proc.stderr
    assert [rec["id"] for rec in read_jsonl(out)][:2] == ["earlier", "gz"]
    with table.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [*ARTICLE_FIELDS, "id", "error"]
    assert len(rows) == 6


def test_mirror_host_uses_site_extraction(tmp_path: Path) -> None:
    replica = json.loads((REPLICA / "pages.jsonl").read_text().splitlines()[0])
    page = {
        "id": "m",
        "url": "http://127.0.0.1:8000" + replica["path"],
        "html": str(REPLICA / "site" / replica["path"].lstrip("/")),
    }
    (tmp_path / "in.jsonl").write_text(json.dumps(page) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_extract(
        str(tmp_path / "in.jsonl"),
        "-O",
        str(out),
        "--mirror",
        "limitedtimes=http://127.0.0.1:8000",
        "--root",
        str(REPLICA),
    )
    assert proc.returncode == 0, proc.stderr
    assert read_jsonl(out)[0]["site"] == "limitedtimes"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "input file not found"),
        ("this is not json\n", "not a JSON object"),
        ('{"id": 1, "url": "https://x.org/"}\n', "missing html"),
    ],
)
def test_unusable_input(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "pages.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    proc = run_extract(str(path), "-O", str(tmp_path / "out.jsonl"))
    assert proc.returncode != 0
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and message in errors[0]


def write_pages(path: Path, lines: list[dict[str, Any] | str]) -> Path:
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def good_page(tmp_path: Path) -> Path:
    truth = [json.loads(line) for line in (REALDATA / "truth.jsonl").read_text().splitlines()]
    aeb = next(row for row in truth if row["set"] == "aeb")
    page = tmp_path / "pages" / "good.html"
    page.parent.mkdir()
    page.write_bytes(gzip.decompress((REALDATA / aeb["html"]).read_bytes()))
    return page


def test_pages_are_read_only_inside_the_roots(tmp_path: Path, good_page: Path) -> None:
    """/etc/passwd, ../../etc/passwd, a symlink out, /dev/zero, a FIFO: error records only."""
    pages = good_page.parent
    (pages / "escape.html").symlink_to("/etc/passwd")
    (pages / "inside-link.html").symlink_to(good_page)
    os.mkfifo(pages / "fifo.html")
    input_path = write_pages(
        pages / "pages.jsonl",
        [
            {"id": "good", "url": "https://example.org/a", "html": "good.html"},
            {"id": "passwd", "url": "https://example.org/p", "html": "/etc/passwd"},
            {"id": "climb", "url": "https://example.org/c", "html": "../../../../etc/passwd"},
            {"id": "escape", "url": "https://example.org/e", "html": "escape.html"},
            {"id": "link", "url": "https://example.org/l", "html": "inside-link.html"},
            {"id": "zero", "url": "https://example.org/z", "html": "/dev/zero"},
            {"id": "fifo", "url": "https://example.org/f", "html": "fifo.html"},
        ],
    )
    out = pages / "out.jsonl"
    # /dev is a root too, so that /dev/zero is refused for what it is (a device), unread.
    roots = os.pathsep.join([str(pages), "/dev"])
    proc = run_extract(str(input_path), "-O", str(out), NEWSCRAWL_ALLOWED_ROOTS=roots)
    assert proc.returncode == 0, proc.stderr
    records = {rec["id"]: rec for rec in read_jsonl(out)}
    assert "error" not in records["good"] and "error" not in records["link"]
    assert records["good"]["body"] == records["link"]["body"] and records["good"]["body"]
    says = {
        "passwd": "outside the page folders",
        "climb": "'..' is not allowed",
        "escape": "outside the page folders",
        "zero": "not a regular file",
        "fifo": "not a regular file",
    }
    for key, message in says.items():
        assert message in records[key]["error"], records[key]
        assert not records[key].get("body")
    assert "root:" not in out.read_text(encoding="utf-8")  # no line of /etc/passwd anywhere

    # Without roots, the input file's folder is the only one.
    proc = run_extract(
        str(input_path), "-O", str(tmp_path / "out.jsonl"), NEWSCRAWL_ALLOWED_ROOTS=""
    )
    assert proc.returncode == 0, proc.stderr
    records = {rec["id"]: rec for rec in read_jsonl(tmp_path / "out.jsonl")}
    assert "error" not in records["good"] and "outside the page" in records["zero"]["error"]
    assert "outside the page folders" in records["passwd"]["error"]


def test_page_size_is_bounded_before_and_after_decompression(tmp_path: Path) -> None:
    """A 1 GiB file (sparse) and a ~1 MB gzip of 1 GiB are refused without reading them."""
    huge = tmp_path / "huge.html"
    with huge.open("wb") as fh:
        fh.truncate(1 << 30)
    member = gzip.compress(b"\0" * (16 << 20), compresslevel=9)
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(member * 64)  # 64 gzip members of 16 MiB: 1 GiB once decompressed
    assert bomb.stat().st_size < 2_000_000
    input_path = write_pages(
        tmp_path / "pages.jsonl",
        [
            {"id": "huge", "url": "https://example.org/h", "html": "huge.html"},
            {"id": "bomb", "url": "https://example.org/b", "html": "bomb.html.gz"},
        ],
    )
    out = tmp_path / "out.jsonl"
    code, stderr, peak_kib = run_extract_measured(str(input_path), "-O", str(out))
    assert code == 0, stderr
    huge_rec, bomb_rec = read_jsonl(out)
    assert f"{1 << 30} bytes, larger than {16 << 20}" in huge_rec["error"]
    assert f"larger than {16 << 20} bytes once decompressed" in bomb_rec["error"]
    assert peak_kib < 400 * 1024, f"peak RSS {peak_kib} KiB"


def test_bad_input_lines_are_counted_logged_and_skipped(tmp_path: Path, good_page: Path) -> None:
    """One bad line used to abort the whole run, losing the good pages too."""
    input_path = write_pages(
        good_page.parent / "pages.jsonl",
        [
            {"id": 1, "url": "https://example.org/a", "html": "good.html"},
            "this is not json",
            "[1, 2]",
            {"id": 2, "url": "https://example.org/b"},
            {"id": 3, "url": "https://example.org/c", "html": "good.html"},
            "x" * (MAX_LINE_CHARS + 10),  # never held in memory whole
        ],
    )
    out = tmp_path / "out.jsonl"
    proc = run_extract(str(input_path), "-O", str(out))
    assert proc.returncode == 0, proc.stderr
    assert [rec["id"] for rec in read_jsonl(out)] == [1, 3]
    assert all("error" not in rec for rec in read_jsonl(out))
    for number, why in (
        (2, "not a JSON object"),
        (3, "not a JSON object"),
        (4, "missing html"),
        (6, f"longer than {MAX_LINE_CHARS} characters"),
    ):
        assert f"{input_path}:{number}: {why}; skipped" in proc.stderr
    assert "Extracted 2 pages, 0 errors, 4 bad input lines skipped" in proc.stderr


def test_an_html_file_given_directly_says_what_is_expected(good_page: Path) -> None:
    proc = run_extract(str(good_page), "-O", str(good_page.with_name("out.jsonl")))
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    assert len(errors) == 1, proc.stderr
    assert errors[0].startswith(f"newscrawl: error: {good_page} has no usable line (line 1")
    assert 'expected JSON lines, one {"id": ..., "url": ..., "html": PATH} object' in errors[0]


def test_an_output_format_it_cannot_write_is_refused(tmp_path: Path, good_page: Path) -> None:
    """``-O o.xml`` and ``-O o.parquet`` were silently written as JSON lines."""
    for other in ("o.parquet", "o.txt:xml", "o.json:avro"):
        with pytest.raises(ValueError, match="unrecognized output format"):
            output_format(other)
    name = "o.xml"  # a format scrapy crawl writes, but not this command
    input_path = write_pages(
        good_page.parent / "pages.jsonl",
        [{"id": 1, "url": "https://example.org/a", "html": "good.html"}],
    )
    proc = run_extract(str(input_path), "-O", str(tmp_path / name))
    assert proc.returncode == 2
    fmt = name.split(".")[1]
    assert proc.stderr.strip().splitlines() == [
        f"newscrawl: error: unrecognized output format {fmt!r} ({tmp_path / name}): scrapy "
        "extract writes jsonlines (.jsonl, .jl), json (.json) or csv (.csv); set one after a "
        "colon (-O FILE:FORMAT) or as the file extension"
    ]
    assert not (tmp_path / name).exists()


def test_appending_to_a_json_array_is_refused(tmp_path: Path, good_page: Path) -> None:
    """``-o o.json`` twice wrote a second array after the first one's ``]``: exit 0 and a file
    that no JSON reader loads. Refused before reading the input, as ``scrapy crawl`` does;
    ``-O`` still writes one array, and ``-o`` onto JSON lines appends."""
    input_path = write_pages(
        good_page.parent / "pages.jsonl",
        [{"id": 1, "url": "https://example.org/a", "html": "good.html"}],
    )
    out = tmp_path / "o.json"
    proc = run_extract(str(input_path), "-O", str(out))
    assert proc.returncode == 0, proc.stderr
    before = out.read_bytes()
    assert [record["id"] for record in json.loads(before)] == [1]
    for target in (str(out), str(tmp_path / "o.txt:json"), str(tmp_path / "new.json")):
        proc = run_extract(str(input_path), "-o", target)
        assert proc.returncode == 2, proc.stderr
        path = target.removesuffix(":json")
        assert proc.stderr.strip().splitlines() == [
            f"newscrawl: error: output {path} refused: a json output is one document and "
            "cannot be appended to (-o); use -O to replace it, or JSON lines (.jsonl) or CSV "
            "to append"
        ]
    assert out.read_bytes() == before
    assert not (tmp_path / "o.txt").exists() and not (tmp_path / "new.json").exists()
    lines = tmp_path / "o.jsonl"
    for _ in range(2):
        proc = run_extract(str(input_path), "-o", str(lines))
        assert proc.returncode == 0, proc.stderr
    assert [record["id"] for record in read_jsonl(lines)] == [1, 1]


def test_a_negative_count_of_workers_or_progress_is_refused(tmp_path: Path) -> None:
    """``--workers -2`` ran in one process and ``--progress-every -1`` logged every page, exit 0
    without a word; a count is 0 or more (0: the CPUs, or no progress line)."""
    missing_input = str(tmp_path / "no-such-pages.jsonl")
    for option, value, why in (
        ("--workers", "-2", "-2 is negative; expected a whole number, 0 or more"),
        ("--progress-every", "-1", "-1 is negative; expected a whole number, 0 or more"),
        ("--workers", "many", "'many' is not a whole number; expected 0 or more"),
    ):
        proc = run_extract(missing_input, "-O", str(tmp_path / "o.jsonl"), option, value)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.strip().splitlines() == [f"newscrawl: error: argument {option}: {why}"]
    assert not (tmp_path / "o.jsonl").exists()


def test_an_output_uri_is_refused_and_file_uri_is_a_path(tmp_path: Path, good_page: Path) -> None:
    """``-O gopher://x/o.jsonl`` was written to ``./gopher:/x/o.jsonl``, exit code 0."""
    input_path = write_pages(
        good_page.parent / "pages.jsonl",
        [{"id": 1, "url": "https://example.org/a", "html": "good.html"}],
    )
    for uri in ("gopher://x/o.jsonl", "s3://bucket/o.jsonl"):
        proc = run_extract(str(input_path), "-O", uri)
        assert proc.returncode == 2
        scheme = uri.split(":", 1)[0]
        assert proc.stderr.strip().splitlines() == [
            f"newscrawl: error: output {uri} refused: scrapy extract writes local files only "
            f"(a path, file:///path or - for stdout), not {scheme}:// URIs"
        ]
        assert not (PROJECT / f"{scheme}:").exists()  # run_extract's working directory
    out = tmp_path / "by uri.jsonl"
    proc = run_extract(str(input_path), "-O", "file://" + str(out).replace(" ", "%20"))
    assert proc.returncode == 0, proc.stderr
    assert [record["id"] for record in read_jsonl(out)] == [1]


def test_an_output_under_a_file_or_on_a_folder_is_refused_first(tmp_path: Path) -> None:
    """``-O afile/y.jsonl`` said "[Errno 17] File exists" after the input was read; now one
    line names the file in the way, before the input is read (here it does not even exist)."""
    afile = tmp_path / "afile"
    afile.write_text("notes\n")
    missing_input = str(tmp_path / "no-such-pages.jsonl")
    for target, why in (
        (afile / "y.jsonl", f"{afile} is a file, not a folder"),
        (tmp_path, "it is a folder, not a file"),
        # A trailing slash names a folder: the pages were all extracted, then the rename
        # failed with "Not a directory" (no such folder to create it in; or the file x.jsonl).
        (f"{tmp_path}/new/x.jsonl/", "it ends with /, a folder's name; name a file"),
    ):
        proc = run_extract(missing_input, "-O", str(target))
        assert proc.returncode == 2
        assert proc.stderr.strip().splitlines() == [
            f"newscrawl: error: output {target} refused: {why}"
        ]
    assert afile.read_text() == "notes\n"


def test_a_hard_link_or_an_input_list_outside_the_roots_is_refused(
    tmp_path: Path, good_page: Path
) -> None:
    """Inside the roots means the same file, not only the same name. Before: a page hard-linked
    into the page folder from outside was read (its body exported), and an input list outside
    NEWSCRAWL_ALLOWED_ROOTS (/etc/passwd, /proc/self/environ, a hard link) was opened."""
    pages = good_page.parent
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.html"
    secret.write_bytes(good_page.read_bytes())
    (pages / "linked.html").hardlink_to(secret)
    lines = [
        {"id": "good", "url": "https://example.org/a", "html": "good.html"},
        {"id": "linked", "url": "https://example.org/l", "html": "linked.html"},
    ]
    input_path = write_pages(pages / "pages.jsonl", lines)
    out = pages / "out.jsonl"
    proc = run_extract(str(input_path), "-O", str(out), NEWSCRAWL_ALLOWED_ROOTS=str(pages))
    assert proc.returncode == 0, proc.stderr
    records = {rec["id"]: rec for rec in read_jsonl(out)}
    assert records["good"]["body"] and "error" not in records["good"]
    assert "linked.html: a hard link (2 names" in records["linked"]["error"]
    assert not records["linked"].get("body")

    listed = write_pages(outside / "list.jsonl", lines[:1])
    (pages / "list-link.jsonl").hardlink_to(listed)
    refusals = {
        "/etc/passwd": "input file /etc/passwd is outside the page folders",
        "/proc/self/environ": "input file /proc/self/environ is outside the page folders",
        str(listed): f"input file {listed} is outside the page folders",
        str(pages / "list-link.jsonl"): "list-link.jsonl is a hard link (2 names",
    }
    env = {**os.environ, "NEWSCRAWL_ALLOWED_ROOTS": str(pages)}
    started = {  # together: four start-ups cost about one
        given: subprocess.Popen(
            [str(SCRAPY), "extract", given, "-O", str(out)],
            cwd=PROJECT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for given in refusals
    }
    for given, says in refusals.items():
        _, stderr = started[given].communicate(timeout=120)
        assert started[given].returncode == 2, stderr
        assert len(stderr.splitlines()) == 1 and says in stderr, stderr


def test_an_unknown_mirror_site_a_missing_root_or_a_bad_log_setting_is_refused(
    tmp_path: Path, good_page: Path
) -> None:
    """Each exited 0: a misspelled site key read every page as ``site: generic``, a missing
    ``--root`` made every page an error ("Extracted 1 pages, 1 errors"); ``LOG_LEVEL=verbose``
    was a traceback. The known keys come from the site modules (newscrawl.sites)."""
    from newscrawl.sites import all_sites

    input_path = write_pages(
        good_page.parent / "pages.jsonl",
        [{"id": 1, "url": "http://127.0.0.1:8000/a", "html": "good.html"}],
    )
    out = tmp_path / "out.jsonl"
    known = ", ".join(sorted(all_sites()))
    refusals = {
        ("--mirror", "limitedtime=http://127.0.0.1:8000"): (
            "--mirror limitedtime=http://127.0.0.1:8000: unknown site 'limitedtime'; "
            f"known: {known}"
        ),
        ("--mirror", "limitedtimes=127.0.0.1:8000"): (
            "--mirror limitedtimes=127.0.0.1:8000: not a base URL (http://HOST[:PORT])"
        ),
        ("-s", 'NEWSCRAWL_EXTRACT_MIRRORS={"nope": "http://h"}'): (
            f"NEWSCRAWL_EXTRACT_MIRRORS nope=http://h: unknown site 'nope'; known: {known}"
        ),
        ("--root", "/nonexistent_root"): "--root /nonexistent_root: no such folder",
        ("--root", str(good_page)): f"--root {good_page}: not a folder",
        ("-s", "LOG_LEVEL=verbose"): "bad setting: LOG_LEVEL='verbose': not a log level",
        ("-s", f"LOG_FILE={tmp_path / 'nodir' / 'x.log'}"): (
            f"bad setting: LOG_FILE='{tmp_path / 'nodir' / 'x.log'}': the folder "
            f"{tmp_path / 'nodir'} does not exist"
        ),
    }
    started = {
        args: subprocess.Popen(
            [str(SCRAPY), "extract", str(input_path), "-O", str(out), *args],
            cwd=PROJECT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in refusals
    }
    for args, message in refusals.items():
        proc = started[args]
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 2, (args, stderr)
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"newscrawl: error: {message}"), lines
        assert not out.exists()
    proc = run_extract(str(input_path), "-O", str(out), "-s", "LOG_LEVEL=warning")
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr  # no INFO line at WARNING


def test_the_help_of_root_is_printed_as_written() -> None:
    """Scrapy's help formatter underlined and title-cased a wrapped help line that ended with a
    colon: "A Folder Pages May Be Read From (Repeatable; Default" over a line of "=". At any
    width the only headings are Scrapy's three, and each option's help reads as written."""
    for columns in ("50", "80", "160"):
        proc = run_extract("-h", COLUMNS=columns)
        assert proc.returncode == 0
        lines = proc.stdout.splitlines()
        headings = [lines[i - 1] for i, line in enumerate(lines) if re.fullmatch(r"[=-]+", line)]
        assert headings == ["Usage", "Options", "Global Options"], (columns, headings)
        text = " ".join(proc.stdout.split())
        assert (
            "--root DIR a folder pages may be read from (repeatable; default: "
            "NEWSCRAWL_ALLOWED_ROOTS, else the input file's folder)"
        ) in text


# --- stopped, killed, disk full: the output is whole or left as it was ----------------------


def _many_pages(tmp_path: Path, count: int) -> Path:
    """``count`` input lines over the bundled real pages (each its own id)."""
    truth = [json.loads(line) for line in (REALDATA / "truth.jsonl").read_text().splitlines()]
    lines = [
        {"id": f"p{n}", "url": row["url"], "html": str(REALDATA / row["html"])}
        for n, row in zip(range(count), truth * count, strict=False)
    ]
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def _children(pid: int) -> set[int]:
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            ppid = re.search(r"^PPid:\s*(\d+)", status.read_text(), re.M)
            if ppid and int(ppid.group(1)) == pid:
                found.add(int(status.parent.name))
    return found


def _alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if Path(f"/proc/{pid}").exists()}


def _wait(predicate: Any, what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"no {what} after {timeout} s"
        time.sleep(0.05)


def _staged(out: Path) -> list[Path]:
    return list(out.parent.glob(f".{out.name}.extract-*.part"))


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_stopped_extract_keeps_the_output_and_its_records(name: str, tmp_path: Path) -> None:
    """Ctrl-C printed a KeyboardInterrupt traceback per process and left -O's file truncated to
    nothing (an earlier output lost); SIGTERM left the pool's workers running forever."""
    source = _many_pages(tmp_path, 600)
    out = tmp_path / "articles.jsonl"
    out.write_text('{"earlier": "output"}\n', encoding="utf-8")
    proc = subprocess.Popen(
        [
            str(SCRAPY),
            "extract",
            str(source),
            "--root",
            str(REALDATA),
            "-O",
            str(out),
            "--workers",
            "2",
        ],
        cwd=PROJECT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait(lambda: _staged(out) and len(_staged(out)[0].read_bytes().splitlines()) >= 5, "lines")
        workers = _children(proc.pid)
        assert workers, "extract runs a pool of workers"
        proc.send_signal(getattr(signal, name))
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 8, err[-2000:]
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    said = re.fullmatch(
        rf"newscrawl: error: interrupted by {name} after (\d+) of 600 pages: the (\d+) records "
        rf"are in (\S+); {re.escape(str(out))} is left as it was; run again",
        last,
    )
    assert said, last
    assert out.read_text(encoding="utf-8") == '{"earlier": "output"}\n'
    kept = read_jsonl(Path(said.group(3)))
    assert len(kept) == int(said.group(1)) == int(said.group(2)) and 5 <= len(kept) < 600
    assert [record["id"] for record in kept] == [f"p{n}" for n in range(len(kept))]
    assert all(record["body"] and "error" not in record for record in kept)
    assert _staged(out) == []
    _wait(lambda: not _alive(workers), "end of the workers", timeout=10)


def test_a_killed_extract_leaves_no_worker_and_no_output(tmp_path: Path) -> None:
    """SIGKILL (the OOM killer, kill -9): the workers notice their parent is gone and end."""
    source = _many_pages(tmp_path, 600)
    out = tmp_path / "articles.jsonl"
    out.write_text('{"earlier": "output"}\n', encoding="utf-8")
    proc = subprocess.Popen(
        [
            str(SCRAPY),
            "extract",
            str(source),
            "--root",
            str(REALDATA),
            "-O",
            str(out),
            "--workers",
            "2",
        ],
        cwd=PROJECT,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(lambda: _staged(out) and len(_staged(out)[0].read_bytes().splitlines()) >= 2, "lines")
        workers = _children(proc.pid)
        assert workers
        proc.kill()
        proc.wait(timeout=30)
    finally:
        proc.kill()
    _wait(lambda: not _alive(workers), "end of the orphaned workers", timeout=15)
    assert out.read_text(encoding="utf-8") == '{"earlier": "output"}\n'


@pytest.mark.parametrize("append", [False, True], ids=["overwrite", "append"])
def test_disk_full_is_one_line_exit_6_and_costs_no_earlier_data(
    append: bool, tmp_path: Path
) -> None:
    """A full disk raised OSError out of the exporter: a traceback, and -O's earlier file gone."""
    from tests.test_feeds import small_filesystem

    source = _many_pages(tmp_path, 120)
    with small_filesystem(tmp_path / "full", "96k") as full:
        out = full / "articles.jsonl"
        earlier = '{"earlier": "output"}\n'
        out.write_text(earlier, encoding="utf-8")
        result = run_extract(
            str(source), "--root", str(REALDATA), "-o" if append else "-O", str(out)
        )
        assert result.returncode == 6, result.stderr[-2000:]
        assert "Traceback" not in result.stderr
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith(f"newscrawl: error: cannot write {out}: No space left on device, ")
        text = out.read_text(encoding="utf-8")
        assert text.startswith(earlier)
        if append:  # whole lines only, up to the last fsync
            assert all(json.loads(line) for line in text.splitlines())
        else:
            assert text == earlier
            assert _staged(out) == []


def test_a_closed_standard_output_is_one_line(tmp_path: Path) -> None:
    """``scrapy extract PAGES | head -c 100``: a BrokenPipeError traceback before."""
    source = _many_pages(tmp_path, 40)
    proc = subprocess.Popen(
        [str(SCRAPY), "extract", str(source), "--root", str(REALDATA)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 6, err[-2000:]
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert re.fullmatch(
        r"newscrawl: error: cannot write -: Broken pipe, after \d+ of 40 pages; "
        r"standard output was closed",
        last,
    ), last
