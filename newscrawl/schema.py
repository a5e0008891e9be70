"""The Article JSON schema, bundled as package data, and a validator for it."""

from __future__ import annotations

import json
import pkgutil
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator


@cache
def article_schema() -> dict[str, Any]:
    """The exported Article record's schema (``newscrawl/schema/article.schema.json``)."""
    data = pkgutil.get_data("newscrawl", "schema/article.schema.json")
    assert data is not None
    return json.loads(data)  # type: ignore[no-any-return]


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(article_schema())


def article_errors(record: dict[str, Any]) -> list[str]:
    """Why ``record`` is not a valid Article, one line per problem ([] when valid).

    >>> article_errors({"url": "u"})[0]
    "'site' is a required property"
    """
    errors = sorted(_validator().iter_errors(record), key=lambda e: list(e.path))
    return [(f"{'/'.join(map(str, e.path))}: " if e.path else "") + e.message for e in errors]
