"""The replicas' serving rules, in one place for every server (dev, fault and benchmark servers).

A replica folder is served by the rules of its README ("Serving it"); there are two layouts:

``limitedtimes`` (``tests/fixtures/replica/README.md``):

1. ``/`` serves ``index.html``.
2. ``/{category}`` and ``/{category}?page=N`` serve ``{category}/page/N.html`` (N defaults to 1, a
   positive integer written without sign or leading zeros); a category is a single path segment
   with a folder ``{category}/page/``.
3. ``/archive/YYYY-MM-DD`` and ``/archive/YYYY-MM-DD?page=N`` serve
   ``archive/YYYY-MM-DD/page/N.html``.
4. Any other path serves the file at that path; the query string is ignored.
5. A missing file, a directory or a malformed page number is a 404.

``press`` (``tests/fixtures/replica-press/README.md``, a WordPress site):

1. A path ending in ``/`` serves ``index.html`` in that folder, else ``index.xml`` (feeds).
2. A path without the final ``/`` whose folder has an index answers 301 to the path with ``/``.
3. Any other path serves the file; a missing one is a 404 with the body of ``404.html``.
   ``?p=ID`` short links have no pages (404); other query strings are ignored.
4. Bodies carry absolute URLs of the site's public origin (``https://pressdigest.example``):
   every body sent replaces that origin with the request's (``http://<Host header>``), as a
   replay proxy does, so the whole site lives at ``http://127.0.0.1:PORT``.

:class:`Site` applies them over a :class:`SiteFiles` (a folder on disk, :class:`FolderFiles`, or
all files in memory, :class:`MemoryFiles`); the servers only speak HTTP around ``Site.route``
and ``Site.body``.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

if TYPE_CHECKING:
    from newscrawl.sites import SiteProfile

ARCHIVE_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
PAGE_NUMBER_RE = re.compile(r"[1-9][0-9]*")
# e.g. /news/2022-01-10-putin-we-have-won-a-victory-in-kazakhstan.HJx2HyMD3F.html
ARTICLE_PATH_RE = re.compile(r"/[^/]+/\d{4}-\d{2}-\d{2}-[^/]*\.[A-Za-z0-9_-]{9,10}\.html")
#: A press post, e.g. /2022/01/10/the-bank-of-israel-hikes-the-interest-rate-after-8-years/
POST_PATH_RE = re.compile(r"/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/")
SITEMAP_LINE_RE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)

HTML_TYPE = "text/html; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"
NOT_FOUND_BODY = b"<h1>404 Not Found</h1>\n"

Layout = Literal["limitedtimes", "press"]
LAYOUTS: tuple[Layout, ...] = ("limitedtimes", "press")


@dataclass(frozen=True)
class Route:
    """The answer to one request target: 200 with a file, 301 to a location, or 404.

    ``file`` is the relative path (``/``-separated) whose bytes are the body: the page for a
    200, the site's 404 page for a 404 when it has one (else the body is ``NOT_FOUND_BODY``).
    """

    status: int
    file: str | None = None
    location: str | None = None


class SiteFiles(Protocol):
    """The files of a site folder, by relative ``/``-separated path."""

    def is_file(self, rel: str) -> bool: ...

    def is_dir(self, rel: str) -> bool: ...

    def read(self, rel: str) -> bytes: ...


class FolderFiles:
    """A site folder on disk; nothing outside it is reachable, not even through a symlink."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise NotADirectoryError(f"replica folder not found: {self.root}")

    def path(self, rel: str) -> Path | None:
        """The resolved path of ``rel`` when it stays under the root."""
        candidate = self.root.joinpath(*rel.split("/")).resolve() if rel else self.root
        return candidate if candidate.is_relative_to(self.root) else None

    def is_file(self, rel: str) -> bool:
        path = self.path(rel)
        return path is not None and path.is_file()

    def is_dir(self, rel: str) -> bool:
        path = self.path(rel)
        return path is not None and path.is_dir()

    def read(self, rel: str) -> bytes:
        path = self.path(rel)
        if path is None:
            raise FileNotFoundError(rel)
        return path.read_bytes()


class MemoryFiles:
    """Every file of a site folder read once into memory (for the benchmark server)."""

    def __init__(self, root: str | Path) -> None:
        root = FolderFiles(root).root
        self.files: dict[str, bytes] = {}
        self.dirs: set[str] = {""}
        for dirpath, _dirs, names in os.walk(root):
            for name in names:
                path = Path(dirpath) / name
                if not path.resolve().is_relative_to(root) or not path.is_file():
                    continue
                rel = path.relative_to(root).as_posix()
                self.files[rel] = path.read_bytes()
                parts = rel.split("/")[:-1]
                self.dirs.update("/".join(parts[: i + 1]) for i in range(len(parts)))

    def is_file(self, rel: str) -> bool:
        return rel in self.files

    def is_dir(self, rel: str) -> bool:
        return rel in self.dirs

    def read(self, rel: str) -> bytes:
        return self.files[rel]


def page_number(query: str) -> int | None:
    """The listing page number of a query string: 1 when absent, None when malformed.

    >>> page_number(""), page_number("page=2"), page_number("utm_source=x&page=3")
    (1, 2, 3)
    >>> [page_number(q) for q in ("page=0", "page=x", "page=", "page=01", "page=1&page=2")]
    [None, None, None, None, None]
    """
    values = [value for key, value in parse_qsl(query, keep_blank_values=True) if key == "page"]
    if not values:
        return 1
    if len(values) > 1 or not PAGE_NUMBER_RE.fullmatch(values[0]):
        return None
    return int(values[0])


def safe_segments(path: str) -> list[str] | None:
    """The decoded segments of a URL path, or None when one could escape or confuse the root.

    >>> safe_segments("/news/page/1.html")
    ['news', 'page', '1.html']
    >>> safe_segments("/%2e%2e/etc/passwd"), safe_segments("/news/"), safe_segments("/a%5cb")
    (None, None, None)
    """
    segments = unquote(path).split("/")[1:]
    for segment in segments:
        if segment in ("", ".", "..") or "\\" in segment or "\x00" in segment:
            return None
    return segments


def split_target(target: str) -> tuple[str, str]:
    """Path and query of a request target (not urlsplit(): it would read ``//x`` as a host).

    >>> split_target("/news?page=2#top"), split_target("//x/y")
    (('/news', 'page=2'), ('//x/y', ''))
    """
    path, _, query = target.partition("?")
    return path.partition("#")[0], query.partition("#")[0]


def route_limitedtimes(files: SiteFiles, target: str) -> Route:
    """Rules 1-5 of the ``limitedtimes`` layout."""
    path, query = split_target(target)
    if not path.startswith("/"):
        return Route(404)
    if path == "/":
        relative = ["index.html"]
    else:
        segments = safe_segments(path)
        if segments is None:
            return Route(404)
        if len(segments) == 1 and files.is_dir(f"{segments[0]}/page"):
            page = page_number(query)
            if page is None:
                return Route(404)
            relative = [segments[0], "page", f"{page}.html"]
        elif (
            len(segments) == 2
            and segments[0] == "archive"
            and ARCHIVE_DAY_RE.fullmatch(segments[1])
        ):
            page = page_number(query)
            if page is None:
                return Route(404)
            relative = ["archive", segments[1], "page", f"{page}.html"]
        else:
            relative = segments
    rel = "/".join(relative)
    return Route(200, rel) if files.is_file(rel) else Route(404)


def route_press(files: SiteFiles, target: str) -> Route:
    """Rules 1-3 of the ``press`` layout (rule 4 is :meth:`Site.body`)."""
    not_found = Route(404, "404.html" if files.is_file("404.html") else None)
    path, query = split_target(target)
    if not path.startswith("/") or any(k == "p" for k, _ in parse_qsl(query)):
        return not_found
    if path.endswith("/"):
        segments = [] if path == "/" else safe_segments(path[:-1])
        if segments is None:
            return not_found
        folder = "".join(f"{s}/" for s in segments)
        for index in ("index.html", "index.xml"):
            if files.is_file(folder + index):
                return Route(200, folder + index)
        return not_found
    segments = safe_segments(path)
    if segments is None:
        return not_found
    rel = "/".join(segments)
    if files.is_dir(rel) and (
        files.is_file(f"{rel}/index.html") or files.is_file(f"{rel}/index.xml")
    ):
        return Route(301, location=path + "/" + (f"?{query}" if query else ""))
    return Route(200, rel) if files.is_file(rel) else not_found


def content_type(rel: str) -> str:
    """The Content-Type header of a served file.

    >>> content_type("news/page/1.html"), content_type("robots.txt")
    ('text/html; charset=utf-8', 'text/plain; charset=utf-8')
    """
    name = rel.rpartition("/")[2]
    if name.endswith(".html"):
        return HTML_TYPE
    if name.endswith(".txt"):
        return TEXT_TYPE
    if name.endswith(".xml"):
        return "application/xml; charset=utf-8"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def sitemap_origin(robots: str) -> str | None:
    """The origin (scheme and host) of the first absolute ``Sitemap:`` line of a robots.txt.

    >>> sitemap_origin("User-agent: *\\nSitemap: https://pressdigest.example/sitemap_index.xml")
    'https://pressdigest.example'
    >>> sitemap_origin("User-agent: *\\nDisallow: /search") is None
    True
    """
    for match in SITEMAP_LINE_RE.finditer(robots):
        parts = urlsplit(match.group(1))
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return None


class ManifestError(ValueError):
    """A replica's ``manifest.json`` names a layout or site that does not exist."""


#: A site's declared ``SiteProfile.url_layout`` -> the layout serving its recorded copy.
DECLARED_LAYOUTS: dict[str, Layout] = {"files": "limitedtimes", "directories": "press"}


def read_manifest(root: Path) -> dict[str, object]:
    """The ``manifest.json`` beside a site folder (``{}`` without one, or when unreadable)."""
    manifest = root.parent / "manifest.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    except (OSError, ValueError):
        data = {}
    return data if isinstance(data, dict) else {}


def declared_site(root: Path) -> SiteProfile | None:
    """The declared site (``newscrawl/sites/``) a replica's manifest names as its ``site``, or
    else whose key names the replica's folder ``.../sites/<key>[+<variant>]/`` (where a site's
    recorded copy goes: ``tests/fixtures/sites/<key>/site``).

    Raises :class:`ManifestError` naming a site that no module declares.
    """
    from newscrawl.sites import all_sites  # the package, only for replicas of declared sites

    sites = all_sites()
    key = read_manifest(root).get("site")
    if key is None:
        folder = root.parent
        named = folder.name.split("+", 1)[0]
        return sites.get(named) if folder.parent.name == "sites" else None
    if key not in sites:
        known = ", ".join(sorted(sites))
        raise ManifestError(
            f"{root.parent / 'manifest.json'}: unknown site {key!r} (declared: {known})"
        )
    return sites[str(key)]


def detect(root: Path) -> tuple[Layout, str | None]:
    """The layout and public origin of a site folder.

    From the replica's ``manifest.json`` beside the folder when it has one: the ``url_layout``
    declared by the site it names (``site``, a key of ``scrapy list``; else the site whose key
    names a folder ``sites/<key>/``, see :func:`declared_site`), or its ``layout``, and
    its ``base_url``; else from the folder: a ``robots.txt`` naming an absolute sitemap is a
    press site whose origin is that sitemap's. An unknown ``layout`` or ``site``, or a ``layout``
    that is not the named site's, is a :class:`ManifestError` naming it.
    """
    data = read_manifest(root)
    where = root.parent / "manifest.json"
    layout = data.get("layout")
    if layout is not None and layout not in LAYOUTS:
        known = ", ".join(LAYOUTS)
        raise ManifestError(f"{where}: unknown layout {layout!r} (known: {known})")
    site = declared_site(root)
    if site is not None:
        declared = DECLARED_LAYOUTS[site.url_layout]
        if layout is not None and layout != declared:
            raise ManifestError(
                f"{where}: layout {layout!r} but site {site.key!r} declares {declared!r}"
            )
        layout = declared
    if layout == "press":
        base = data.get("base_url") or (site.base_url if site is not None else None)
        return "press", str(base).rstrip("/") if base else None
    if layout == "limitedtimes" or "generator" in data:
        return "limitedtimes", None
    robots = root / "robots.txt"
    if robots.is_file():
        origin = sitemap_origin(robots.read_text(encoding="utf-8", errors="replace"))
        if origin is not None:
            return "press", origin
    return "limitedtimes", None


class Site:
    """A replica site: its files, its layout and the public origin its bodies print."""

    def __init__(
        self,
        files: SiteFiles,
        layout: Layout = "limitedtimes",
        origin: str | None = None,
        article_path: re.Pattern[str] | None = None,
    ) -> None:
        self.files = files
        self.layout: Layout = layout
        self.origin = origin.rstrip("/").encode("ascii") if origin else None
        #: The declared site's article path (None: either bundled layout's post paths).
        self.article_path = article_path

    @classmethod
    def open(
        cls,
        root: str | Path,
        layout: Layout | None = None,
        origin: str | None = None,
        *,
        in_memory: bool = False,
    ) -> Site:
        """The site of a folder; layout and origin detected (:func:`detect`) unless given."""
        files: FolderFiles | MemoryFiles = MemoryFiles(root) if in_memory else FolderFiles(root)
        found_layout, found_origin = detect(Path(root).resolve())
        site = declared_site(Path(root).resolve())
        article_path = site.article_path if site is not None else None
        return cls(files, layout or found_layout, origin or found_origin, article_path)

    def is_article(self, path: str) -> bool:
        """True when a request path (no query) is an article page of the site: by the named
        site's declared ``article_path``, else by either bundled layout's post paths."""
        if self.article_path is not None:
            return bool(self.article_path.match(path))
        return bool(ARTICLE_PATH_RE.fullmatch(path) or POST_PATH_RE.fullmatch(path))

    def route(self, target: str) -> Route:
        """Where the request target ``target`` (path and query as sent) leads."""
        if self.layout == "press":
            return route_press(self.files, target)
        return route_limitedtimes(self.files, target)

    def body(self, route: Route, host: str) -> bytes:
        """The body of ``route`` as served to a request with this ``Host`` header."""
        if route.file is None:
            return b"" if route.status == 301 else NOT_FOUND_BODY
        return self.rewrite(self.files.read(route.file), host)

    def location(self, route: Route, host: str) -> str:
        """The absolute ``Location`` of a 301 at the request's origin (as WordPress sends it)."""
        return f"http://{host}{route.location or '/'}"

    def rewrite(self, body: bytes, host: str) -> bytes:
        """Press rule 4: the public origin replaced by ``http://<host>`` (no-op without one)."""
        if self.origin is None or not host:
            return body
        return body.replace(self.origin, b"http://" + host.encode("ascii", "replace"))
