"""``scrapy extract`` run as a real subprocess over small inputs."""

from __future__ import annotations

import csv
import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newscrawl.items import ARTICLE_FIELDS

PROJECT = Path(__file__).resolve().parent.parent
REALDATA = PROJECT / "tests" / "fixtures" / "realdata"
REPLICA = PROJECT / "tests" / "fixtures" / "replica"
SCRAPY = Path(sys.executable).with_name("scrapy")


def run_extract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRAPY), "extract", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


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
    proc = run_extract(str(pages), "-O", str(out))
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


def test_append_and_csv(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    out.write_text('{"id": "earlier"}\n', encoding="utf-8")
    table = tmp_path / "articles.csv"
    proc = run_extract(str(pages), "-o", str(out), "-O", str(table))
    assert proc.returncode == 0, proc.stderr
    assert [rec["id"] for rec in read_jsonl(out)][:2] == ["earlier", "gz"]
    with table.open(encoding="utf-8", newline="") as fh:
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
        str(tmp_path / "in.jsonl"), "-O", str(out), "--mirror", "limitedtimes=http://127.0.0.1:8000"
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
