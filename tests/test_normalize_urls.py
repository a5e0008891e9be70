"""Tests for newscrawl.normalize.urls."""

from __future__ import annotations

import pytest

from newscrawl.normalize.urls import canonical_source_url, is_tracking_param, query_names_article
from tests.helpers.replica import replica_pages

WALLA = {"m.walla.co.il": "news.walla.co.il", "walla.co.il": "news.walla.co.il"}
LTN = {"m.ltn.com.tw": "news.ltn.com.tw", "ltn.com.tw": "news.ltn.com.tw"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.walla.co.il/item/1234567", "https://news.walla.co.il/item/1234567"),
        (
            "https://news.walla.co.il/item/1234567?utm_source=facebook&utm_medium=social",
            "https://news.walla.co.il/item/1234567",
        ),
        (
            "https://news.walla.co.il/item/1234567?utm_source=a&utm_medium=b&utm_campaign=c",
            "https://news.walla.co.il/item/1234567",
        ),
        (
            "https://news.walla.co.il/item/1234567?fbclid=IwAR3x",
            "https://news.walla.co.il/item/1234567",
        ),
        ("https://news.walla.co.il/item/1234567#comments", "https://news.walla.co.il/item/1234567"),
        ("http://news.walla.co.il/item/1234567", "https://news.walla.co.il/item/1234567"),
        ("https://m.walla.co.il/item/1234567", "https://news.walla.co.il/item/1234567"),
        ("https://walla.co.il/item/1234567", "https://news.walla.co.il/item/1234567"),
        ("https://news.walla.co.il/item/1234567/", "https://news.walla.co.il/item/1234567"),
        ("http://sports.walla.co.il/item/1234567", "https://sports.walla.co.il/item/1234567"),
        ("http://m.walla.co.il/item/1234567?fbclid=x", "https://news.walla.co.il/item/1234567"),
        ("HTTPS://NEWS.WALLA.CO.IL/item/1234567", "https://news.walla.co.il/item/1234567"),
    ],
)
def test_walla_variants(url: str, expected: str) -> None:
    assert canonical_source_url(url, host_aliases=WALLA) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://m.ynet.co.il/news/article/abcd12345",
            "https://www.ynet.co.il/news/article/abcd12345",
        ),
        (
            "https://ynet.co.il/news/article/abcd12345",
            "https://www.ynet.co.il/news/article/abcd12345",
        ),
        (
            "https://m.maariv.co.il/news/Article-123456",
            "https://www.maariv.co.il/news/Article-123456",
        ),
        ("https://20min.ch/story/a-slug-123456789", "https://www.20min.ch/story/a-slug-123456789"),
        (
            "https://www.20min.ch/story/a-slug-123456789/",
            "https://www.20min.ch/story/a-slug-123456789",
        ),
        (
            "http://20min.ch/story/a-slug-123456789/#comments",
            "https://www.20min.ch/story/a-slug-123456789",
        ),
        (
            "https://www.lemonde.fr/amp/sport/article/2023/06/07/a-slug_6123456_3210.html",
            "https://www.lemonde.fr/sport/article/2023/06/07/a-slug_6123456_3210.html",
        ),
        (
            "https://lemonde.fr/sport/article/2023/06/07/a-slug_6123456_3210.html?utm_source=x",
            "https://www.lemonde.fr/sport/article/2023/06/07/a-slug_6123456_3210.html",
        ),
        ("https://www.example.com/news/story/amp", "https://www.example.com/news/story"),
        ("https://amp.example.com/news/story", "https://www.example.com/news/story"),
        ("https://mobile.example.com/news/story", "https://www.example.com/news/story"),
        ("https://www.example.com:443/news/story", "https://www.example.com/news/story"),
        ("//www.example.com/news/story", "https://www.example.com/news/story"),
        ("www.example.com/news/story", "https://www.example.com/news/story"),
        ("https://www.example.com", "https://www.example.com/"),
        ("https://www.example.com/amplifier", "https://www.example.com/amplifier"),
    ],
)
def test_generic_variants(url: str, expected: str) -> None:
    assert canonical_source_url(url) == expected


def test_alias_for_a_non_www_main_host() -> None:
    url = "https://m.ltn.com.tw/news/world/breakingnews/4012345"
    assert canonical_source_url(url, host_aliases=LTN) == (
        "https://news.ltn.com.tw/news/world/breakingnews/4012345"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.infobae.com/america/2023/06/07/a-slug/",
        "https://www.infobae.com/america/2023/06/07/a-slug",
        "http://www.infobae.com/america/2023/06/07/a-slug/?utm_source=t&utm_medium=s",
        "https://www.infobae.com/amp/america/2023/06/07/a-slug/",
        "https://infobae.com/amp/america/2023/06/07/a-slug#comments",
        "https://m.infobae.com/america/2023/06/07/a-slug/?fbclid=1",
    ],
)
def test_trailing_slash_kept_or_added(url: str) -> None:
    assert canonical_source_url(url, trailing_slash=True) == (
        "https://www.infobae.com/america/2023/06/07/a-slug/"
    )


def test_keep_query_drops_only_tracking() -> None:
    url = "https://www.example.com/a?id=7&utm_source=x&fbclid=y&gclid=z&mc_cid=q&page=2#top"
    assert canonical_source_url(url, drop_query=False) == "https://www.example.com/a?id=7&page=2"


def test_keep_query_with_only_tracking() -> None:
    url = "https://www.example.com/a/?utm_medium=social"
    assert canonical_source_url(url, drop_query=False) == "https://www.example.com/a"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("utm_source", True),
        ("UTM_Campaign", True),
        ("fbclid", True),
        ("gclid", True),
        ("id", False),
    ],
)
def test_is_tracking_param(name: str, expected: bool) -> None:
    assert is_tracking_param(name) is expected


def _config(source_key: str) -> tuple[dict[str, str] | None, bool]:
    """Host aliases and trailing-slash rule of a sample source."""
    aliases = {"walla": WALLA, "ltn": LTN}.get(source_key)
    return aliases, source_key == "infobae"


def _fixture_links() -> list[tuple[str, str, str]]:
    cases = []
    for page, record in replica_pages():
        if page["source_url_as_linked"]:
            cases.append((page["source_url_as_linked"], record["source_key"], record["source_url"]))
    return cases


@pytest.mark.parametrize(("url", "source_key", "expected"), _fixture_links())
def test_fixture_links(url: str, source_key: str, expected: str) -> None:
    aliases, trailing_slash = _config(source_key)
    assert (
        canonical_source_url(url, host_aliases=aliases, trailing_slash=trailing_slash) == expected
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # AMP file forms, a doubled slash, an escaped unreserved character, lower-case escapes
        ("https://www.example.de/politik/a-1.amp", "https://www.example.de/politik/a-1"),
        ("https://www.example.de/politik/a-1.amp.html", "https://www.example.de/politik/a-1.html"),
        ("https://www.example.de/politik/a-1.html.amp", "https://www.example.de/politik/a-1.html"),
        ("https://www.example.de//politik/a-1.html", "https://www.example.de/politik/a-1.html"),
        ("https://www.example.de/politik/a%2D1.html", "https://www.example.de/politik/a-1.html"),
        ("https://www.example.de/k%c3%b6ln/a-1", "https://www.example.de/k%C3%B6ln/a-1"),
        # more tracking parameters: "ref", AT Internet's "at_", Matomo's "mtm_"
        (
            "https://www.example.de/a-1?ref=rss&at_medium=RSS&mtm_campaign=x",
            "https://www.example.de/a-1",
        ),
        # a name that only contains "amp" is no AMP form
        ("https://www.example.de/news/camp", "https://www.example.de/news/camp"),
        ("https://www.example.de/news/ramp.html", "https://www.example.de/news/ramp.html"),
    ],
)
def test_more_variants_of_one_article(url: str, expected: str) -> None:
    assert canonical_source_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://mobile.walla.co.il/item/1234567",
        "https://amp.walla.co.il/amp/item/1234567?fbclid=1",
        "http://M.WALLA.CO.IL:80/item/1234567#comments",
    ],
)
def test_mobile_and_amp_hosts_go_where_the_declared_mobile_host_goes(url: str) -> None:
    assert canonical_source_url(url, host_aliases=WALLA) == "https://news.walla.co.il/item/1234567"


def test_kept_query_without_amp_switches_and_in_one_order() -> None:
    one = canonical_source_url("https://x.example.com/v.php?b=2&a=1&amp=1", drop_query=False)
    other = canonical_source_url(
        "https://x.example.com/v.php?a=1&outputType=amp&b=2&utm_source=t", drop_query=False
    )
    assert one == other == "https://x.example.com/v.php?a=1&b=2"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.co.kr/news/view.php?idxno=123&utm_source=x", True),
        ("https://www.example.co.uk/?p=456", True),
        ("https://www.example.in/NewsDetail.aspx?NewsID=77", True),
        ("https://www.example.de/politik/a-1.html?src=rss", False),
        ("https://www.example.de/view.php?fbclid=1", False),
        ("https://www.example.de/view.php", False),
    ],
)
def test_query_names_article(url: str, expected: bool) -> None:
    assert query_names_article(url) is expected
