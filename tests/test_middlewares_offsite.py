"""A redirect to the same host on another port is off-site: never requested, counted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers.crawl import run_crawl
from tests.helpers.faulty_server import FaultyServer


def test_redirect_to_another_port_of_the_host_is_not_followed(
    replica_root: Path, tmp_path: Path, replica_truth: list[dict[str, Any]]
) -> None:
    day = [t for t in replica_truth if t["aggregator_url"].split("/")[2].startswith("2022-01-10")]
    singles = [t["aggregator_url"] for t in day if not t["duplicate_urls"]]
    redirected = singles[0]
    with (
        FaultyServer(replica_root) as other_port,  # 127.0.0.1 too: only the port differs
        FaultyServer(
            replica_root,
            {redirected: "redirect_offsite", "/archive/2022-01-11": "redirect_offsite"},
            offsite_url=other_port.url,
        ) as server,
    ):
        assert other_port.url.split(":")[1] == server.url.split(":")[1]
        result = run_crawl(
            tmp_path, {"base_url": server.url, "start": "2022-01-10", "end": "2022-01-11"}
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert other_port.log == [], "the other port saw a request"
    assert result.stats["newscrawl/pages/failed/offsite_redirect"] == 1
    assert result.stats["newscrawl/pages/failed"] == 1
    # A listing redirected there is counted too (Scrapy drops it without calling the errback).
    assert result.stats["newscrawl/listings/failed/offsite_redirect"] == 1
    listing = f"{server.url}/archive/2022-01-11 -> {other_port.url}/archive/2022-01-11"
    assert f"Listing redirected off the site: {listing}" in result.stderr
    urls = {record["url"] for record in result.records}
    assert not any(url.endswith(redirected) for url in urls)
    assert len(result.records) == len(day) - 1
