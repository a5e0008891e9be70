"""Shared fixtures: the bundled replica sites, their ground truth and servers over them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devtools.server import ReplicaServer, serve

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def replica_root() -> Path:
    """The bundled replica's site folder (plain HTML listings)."""
    return FIXTURES / "sites" / "limitedtimes" / "site"


@pytest.fixture(scope="session")
def replica_js_root() -> Path:
    """The bundled replica's site folder with JavaScript-rendered category listings."""
    return FIXTURES / "replica-js" / "site"


@pytest.fixture(scope="session")
def replica_truth() -> list[dict[str, Any]]:
    """The expected records of the bundled replica, one per unique source article."""
    with (FIXTURES / "sites" / "limitedtimes" / "truth.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def replica_server(replica_root: Path) -> Iterator[ReplicaServer]:
    """A server over the replica for the whole session; request counts accumulate across tests."""
    with serve(replica_root) as server:
        yield server


@pytest.fixture(scope="session")
def replica_js_server(replica_js_root: Path) -> Iterator[ReplicaServer]:
    """A server over the JavaScript-listing replica for the whole session."""
    with serve(replica_js_root) as server:
        yield server
