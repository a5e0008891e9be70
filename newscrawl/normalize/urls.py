"""Canonical form of a source article URL, so that variant links deduplicate."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "canonical_source_url",
    "is_tracking_param",
    "query_names_article",
    "registrable_label",
    "without_tracking",
]

# Mobile and AMP host prefixes that stand for the "www." host.
_MOBILE_PREFIXES = ("m.", "mobile.", "amp.")
# Second-level labels under a country code ("walla.co.il", "bbc.co.uk").
_SECOND_LEVEL = frozenset(
    ["ac", "co", "com", "edu", "gob", "gov", "ltd", "net", "nic", "or", "org", "plc", "sch"]
)
_TRACKING_PARAMS = frozenset(
    [
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "ref_url",
        "mkt_tok",
        "_hsenc",
        "_hsmi",
        "ncid",
        "smid",
        "sr_share",
        "oly_enc_id",
        "oly_anon_id",
        "vero_id",
        "wt_mc",
        "wt.mc_id",
        "cmpid",
        "ocid",
        "s_cid",
        "ito",
        "xtor",
        "__twitter_impression",
    ]
)
# Tracking-parameter prefixes of analytics tools (AT Internet/Piano, Matomo, Piwik, internal
# "itm_" campaigns), like Google's "utm_".
_TRACKING_PREFIXES = ("utm_", "at_", "mtm_", "pk_", "itm_")
_AMP_PREFIX = re.compile(r"^/amp(?=/)", re.IGNORECASE)
# "/x/amp", "/x/amp/", and the AMP file forms "/x.amp", "/x.amp.html".
_AMP_SUFFIX = re.compile(r"/amp/?$|\.amp(?=(?:\.html?)?/?$)", re.IGNORECASE)
_DEFAULT_PORTS = frozenset({"80", "443"})
# A percent escape, and the unreserved characters an escape must not hide (RFC 3986, 2.3).
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# A server script that names the article by its query ("/news/view.php?id=123").
_SCRIPT = re.compile(r"\.(?:php\d?|aspx?|jspx?|do|action|cfm|cgi|pl|nsf)$", re.IGNORECASE)


_TRAILING_SLASHES = re.compile(r"[/\s]+$")


def is_tracking_param(name: str) -> bool:
    """Tell whether a query parameter only tracks the visitor.

    >>> [is_tracking_param(n) for n in ("utm_source", "fbclid", "page", "id")]
    [True, True, False, False]
    """
    lowered = name.lower()
    return lowered.startswith(_TRACKING_PREFIXES) or lowered in _TRACKING_PARAMS


def registrable_label(host: str) -> str | None:
    """The name part of a host: the label before its public suffix.

    >>> registrable_label("www.spiegel.de"), registrable_label("news.walla.co.il")
    ('spiegel', 'walla')
    >>> registrable_label("edition.cnn.com"), registrable_label("") is None
    ('cnn', True)
    """
    labels = [part for part in host.lower().rstrip(".").split(".") if part]
    if len(labels) < 2:
        return None
    labels.pop()  # the top-level domain
    if len(labels) > 1 and len(labels[-1]) <= 3 and labels[-1] in _SECOND_LEVEL:
        labels.pop()  # co.il, com.au, org.uk
    return labels[-1]


#: Labels before a host's name that name no publication: its web, mobile, AMP or language
#: editions ("www1.folha.uol.com.br", "m.", "en.").
_EDITION_LABEL = re.compile(r"^(?:www\d*|m|mobile|amp|news|edition|en|[a-z]{2}-[a-z]{2})$")


def edition_labels(host: str) -> list[str]:
    """The labels before the name of ``host`` that may name its publication ("g1" of
    g1.globo.com, the "g1" newsroom of Globo), without www, mobile and language labels.

    >>> edition_labels("g1.globo.com"), edition_labels("www1.folha.uol.com.br")
    (['g1'], ['folha'])
    >>> edition_labels("www.spiegel.de"), edition_labels("m.ynet.co.il")
    ([], [])
    """
    labels = [part for part in host.lower().rstrip(".").split(".") if part]
    name = registrable_label(host)
    if name is None or name not in labels:
        return []
    return [label for label in labels[: labels.index(name)] if not _EDITION_LABEL.match(label)]


def _is_bare_domain(host: str) -> bool:
    labels = host.split(".")
    if len(labels) == 2:
        return True
    return len(labels) == 3 and len(labels[2]) == 2 and labels[1] in _SECOND_LEVEL


def _canonical_host(host: str, aliases: Mapping[str, str]) -> str:
    if host in aliases:
        return aliases[host].lower()
    for prefix in _MOBILE_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            rest = host[len(prefix) :]
            # "mobile.X" and "amp.X" go where the declared "m.X" goes.
            return aliases.get("m." + rest, "www." + rest).lower()
    if _is_bare_domain(host) and not host.replace(".", "").isdigit():
        return "www." + host
    return host


def _normal_escapes(path: str) -> str:
    """``path`` with its percent escapes in one form: an unreserved character is never escaped,
    the other escapes have upper-case hex digits (RFC 3986, 6.2.2).

    >>> _normal_escapes("/news/heat%2dwave%c3%a9%2F")
    '/news/heat-wave%C3%A9%2F'
    """

    def one(found: re.Match[str]) -> str:
        char = chr(int(found.group(1), 16))
        return char if char in _UNRESERVED else found.group(0).upper()

    return _ESCAPE.sub(one, path)


def _query_pairs(query: str) -> list[tuple[str, str]]:
    """The query's parameters without tracking and AMP switches (``amp``, ``outputType=amp``),
    sorted: the order a sharer prints them in names no other page."""
    pairs = parse_qsl(query, keep_blank_values=True)
    return sorted(
        (key, value)
        for key, value in pairs
        if not is_tracking_param(key) and "amp" not in (key.lower(), value.lower())
    )


def query_names_article(url: str) -> bool:
    """Tell whether ``url``'s path alone does not name the article, its query does: the site's
    root or a server script (``/?p=456``, ``/news/view.php?id=123``), with parameters left once
    tracking goes.

    >>> query_names_article("https://www.example.com/news/view.php?id=123&utm_source=x")
    True
    >>> query_names_article("https://www.example.com/?p=456")
    True
    >>> query_names_article("https://www.example.com/2022/07/05/slug?src=rss")
    False
    >>> query_names_article("https://www.example.com/view.aspx?utm_medium=social")
    False
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return bool((not last or _SCRIPT.search(last)) and _query_pairs(parts.query))


def canonical_source_url(
    url: str,
    *,
    host_aliases: Mapping[str, str] | None = None,
    trailing_slash: bool = False,
    drop_query: bool = True,
) -> str:
    """Return the canonical form of a source article URL.

    The scheme becomes https and the host lower case; a host in
    ``host_aliases`` becomes the host it maps to, otherwise ``m.X``,
    ``mobile.X`` and ``amp.X`` become ``www.X`` and a bare registrable domain
    (``20min.ch``, ``example.co.uk``) gains ``www.``. Hosts whose main name is
    not ``www.`` (``m.walla.co.il`` -> ``news.walla.co.il``) need an alias;
    ``mobile.X`` and ``amp.X`` follow the alias of ``m.X``. Doubled slashes
    collapse, an escaped unreserved character is unescaped and the other escapes
    get upper-case hex digits. An ``/amp`` segment in front of the path or at its
    end, an ``.amp`` file form (``x.amp``, ``x.amp.html``), the fragment and the
    query go; with ``drop_query=False`` only tracking parameters (``utm_*``,
    ``fbclid``, ``gclid``, ``ref``, ...) and AMP switches (``amp=1``,
    ``outputType=amp``) go, and the others are sorted. A trailing slash is
    removed, or always present when ``trailing_slash`` is true. The root path
    stays ``/``.

    >>> canonical_source_url("https://www.ynet.co.il/news/article/abc123def?utm_source=fb&utm_medium=social")
    'https://www.ynet.co.il/news/article/abc123def'
    >>> canonical_source_url("http://www.maariv.co.il/news/world/Article-123456?fbclid=IwAR0")
    'https://www.maariv.co.il/news/world/Article-123456'
    >>> canonical_source_url("https://m.ynet.co.il/news/article/abc123def#comments")
    'https://www.ynet.co.il/news/article/abc123def'
    >>> walla = {"m.walla.co.il": "news.walla.co.il", "walla.co.il": "news.walla.co.il"}
    >>> canonical_source_url("https://m.walla.co.il/item/3480000", host_aliases=walla)
    'https://news.walla.co.il/item/3480000'
    >>> canonical_source_url("https://20min.ch/story/some-story-123456789/")
    'https://www.20min.ch/story/some-story-123456789'
    >>> canonical_source_url("https://www.lemonde.fr/amp/international/article/2022/01/10/x_6108_3210.html")
    'https://www.lemonde.fr/international/article/2022/01/10/x_6108_3210.html'
    >>> canonical_source_url("https://www.infobae.com/amp/america/2022/01/10/slug/",
    ...                      trailing_slash=True)
    'https://www.infobae.com/america/2022/01/10/slug/'
    >>> canonical_source_url("http://www.infobae.com/america/2022/01/10/slug?utm_source=x",
    ...                      trailing_slash=True)
    'https://www.infobae.com/america/2022/01/10/slug/'
    >>> canonical_source_url("https://News.Example.com/a/b/amp?id=7&utm_campaign=z&gclid=1",
    ...                      drop_query=False)
    'https://news.example.com/a/b?id=7'
    >>> canonical_source_url("[")  # not a URL: no exception, and stable
    'https://['
    """
    raw = url.strip()
    if "://" not in raw:
        raw = "https:" + raw if raw.startswith("//") else "https://" + raw
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:  # "https://[" (unbalanced IPv6 brackets), "http://x:99999": kept as is
        return raw
    host = (parts.hostname or "").rstrip(".").lower()
    aliases = {key.lower(): value for key, value in (host_aliases or {}).items()}
    host = _canonical_host(host, aliases)
    netloc = host if port is None or str(port) in _DEFAULT_PORTS else f"{host}:{port}"

    path = _normal_escapes(re.sub(r"//+", "/", parts.path))
    path = _AMP_SUFFIX.sub("", _AMP_PREFIX.sub("", path)) or "/"
    if trailing_slash:
        path = path if path.endswith("/") else path + "/"
    elif path != "/":
        # Whitespace too: "/x /" must not give "/x " (a second pass would strip it).
        path = _TRAILING_SLASHES.sub("", path) or "/"

    query = "" if drop_query else urlencode(_query_pairs(parts.query))
    return urlunsplit(("https", netloc, path, query, ""))


def without_tracking(url: str) -> str:
    """``url`` without what never names another page: tracking parameters, the fragment and an
    AMP path segment. Scheme, host, port and the other parameters stay as printed (a generic
    page's own URL: nothing is invented).

    >>> without_tracking("http://m.example.com/amp/news/a?id=5&utm_campaign=x&fbclid=abc#top")
    'http://m.example.com/news/a?id=5'
    >>> without_tracking("https://example.org/news/rain/amp")
    'https://example.org/news/rain'
    >>> without_tracking("https://example.org:8080/x?b=2&a=1")
    'https://example.org:8080/x?b=2&a=1'
    >>> without_tracking("[")
    '['
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # not a URL: kept as is
        return url.strip()
    path = _AMP_SUFFIX.sub("", _AMP_PREFIX.sub("", parts.path)) or ("/" if parts.netloc else "")
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(is_tracking_param(key) for key, _ in pairs):
            query = urlencode([(key, value) for key, value in pairs if not is_tracking_param(key)])
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))
