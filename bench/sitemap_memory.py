"""Peak memory and time of reading a 50,000-URL sitemap (the protocol's maximum), by method.

Run from the project root::

    .venv/bin/python bench/sitemap_memory.py                  # 50,000 URLs, every method
    .venv/bin/python bench/sitemap_memory.py --urls 10000 --methods read_sitemap,lxml_tree
    .venv/bin/python bench/sitemap_memory.py --limit-mb 300   # exit 1 if read_sitemap peaks above

Two documents of ``--urls`` entries are written to a temporary folder first:

- ``posts``: a Yoast-style post sitemap, ``<loc>`` + ``<lastmod>`` (about 6 MB for 50,000);
- ``max``: every entry with a Google News block and two ``xhtml:link`` alternates, URLs padded
  so the file is just under the protocol's 50 MiB (the largest legal sitemap);

each also gzipped. Every (document, method) pair runs in a fresh Python process that imports
what it needs, notes its RSS (baseline), reads the file's bytes (as a response body holds them)
and parses them; it reports the peak RSS of the process (``VmHWM`` in ``/proc/self/status``:
``ru_maxrss`` would carry over the parent's peak at fork), the peak above the baseline, the
wall time and the number of entries. Methods:

- ``read_sitemap``: :func:`newscrawl.listings.sitemaps.read_sitemap`, the project's reader
  (Scrapy's streaming ``Sitemap`` underneath), every entry kept as an ``Entry``;
- ``scrapy_sitemap``: :class:`scrapy.utils.sitemap.Sitemap` alone, entries counted, not kept;
- ``lxml_iterparse_tag``: lxml's ``iterparse`` asked for ``<url>`` end events only (filtered in
  C), each cleared after its ``<loc>`` is read: the leanest streaming reader, for comparison;
- ``lxml_tree``: ``lxml.etree.fromstring`` of the whole document, then a walk of its ``<url>``
  elements (the whole tree built first: what streaming avoids).
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 50 * 1024 * 1024
METHODS = ("read_sitemap", "scrapy_sitemap", "lxml_iterparse_tag", "lxml_tree")

_CHILD = textwrap.dedent(
    """
    import json, sys, time
    sys.path.insert(0, {root!r})
    method, path = sys.argv[1], sys.argv[2]
    if method == "read_sitemap":
        from newscrawl.listings.sitemaps import read_sitemap
        def run(body):
            url = "http://127.0.0.1:8000/s.xml"
            return len(read_sitemap(body, url, max_size={max_bytes}).entries)
    elif method == "scrapy_sitemap":
        from scrapy.utils.gz import gunzip
        from scrapy.utils.sitemap import Sitemap
        def run(body):
            if body[:3] == b"\\x1f\\x8b\\x08":
                body = gunzip(body, max_size={max_bytes})
            return sum(1 for _ in Sitemap(body))
    elif method == "lxml_iterparse_tag":
        from io import BytesIO
        import lxml.etree
        from scrapy.utils.gz import gunzip
        def run(body):
            if body[:3] == b"\\x1f\\x8b\\x08":
                body = gunzip(body, max_size={max_bytes})
            count = 0
            for _, el in lxml.etree.iterparse(BytesIO(body), events=("end",), tag="{{*}}url",
                                              resolve_entities=False, no_network=True):
                count += el.findtext("{{*}}loc") is not None
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
            return count
    else:
        import lxml.etree
        from scrapy.utils.gz import gunzip
        def run(body):
            if body[:3] == b"\\x1f\\x8b\\x08":
                body = gunzip(body, max_size={max_bytes})
            parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
            root = lxml.etree.fromstring(body, parser)
            return sum(1 for el in root if el.tag.endswith("}}url"))
    def status_mb(field):
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        raise SystemExit("no " + field + " in /proc/self/status")
    baseline = status_mb("VmRSS")
    started = time.perf_counter()
    with open(path, "rb") as f:
        body = f.read()
    entries = run(body)
    seconds = time.perf_counter() - started
    peak = status_mb("VmHWM")
    print(json.dumps({{"entries": entries, "seconds": seconds, "peak_mb": peak,
                      "above_baseline_mb": peak - baseline}}))
    """
)


def write_documents(folder: Path, urls: int) -> dict[str, Path]:
    """Write the ``posts`` and ``max`` sitemaps of ``urls`` entries, and their .gz."""
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset'
        ' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    )
    posts = "".join(
        f"<url><loc>https://pressdigest.example/2022/01/{n % 28 + 1:02d}/post-number-{n}/</loc>"
        f"<lastmod>2022-01-{n % 28 + 1:02d}T{n % 24:02d}:{n % 60:02d}:00-05:00</lastmod></url>\n"
        for n in range(urls)
    )
    one = (
        "<url><loc>https://pressdigest.example/2022/01/10/{slug}/</loc>"
        "<lastmod>2022-01-10T20:59:44-05:00</lastmod>"
        '<xhtml:link rel="alternate" hreflang="fr" href="https://pressdigest.example/fr/{slug}/"/>'
        '<xhtml:link rel="alternate" hreflang="de" href="https://pressdigest.example/de/{slug}/"/>'
        "<news:news><news:publication><news:name>Press Digest</news:name>"
        "<news:language>en</news:language></news:publication>"
        "<news:publication_date>2022-01-10T20:59:44-05:00</news:publication_date>"
        "<news:title>Title number {n} of the largest legal sitemap</news:title></news:news></url>\n"
    )
    fixed = len(one.format(slug="", n=99999)) + 3 * len("-99999")
    pad = max(1, (MAX_BYTES - len(head) - 20) // urls - fixed - 1) // 3
    slugs = (f"{'x' * pad}-{n}" for n in range(urls))
    biggest = "".join(one.format(slug=slug, n=n) for n, slug in enumerate(slugs))
    documents = {}
    for name, body in (("posts", posts), ("max", biggest)):
        data = (head + body + "</urlset>\n").encode()
        plain = folder / f"{name}.xml"
        plain.write_bytes(data)
        packed = folder / f"{name}.xml.gz"
        packed.write_bytes(gzip.compress(data, compresslevel=6))
        documents[name] = plain
        documents[f"{name}.gz"] = packed
    return documents


def measure(method: str, path: Path) -> dict[str, float]:
    """Run ``method`` over ``path`` in a fresh interpreter; its figures."""
    code = _CHILD.format(root=str(ROOT), max_bytes=MAX_BYTES)
    done = subprocess.run(
        [sys.executable, "-c", code, method, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{method} over {path.name} failed:\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=50_000, help="entries per sitemap")
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated methods")
    parser.add_argument(
        "--limit-mb", type=float, default=300.0, help="read_sitemap's allowed peak RSS (MB)"
    )
    args = parser.parse_args()
    methods = [m for m in args.methods.split(",") if m]
    unknown = set(methods) - set(METHODS)
    if unknown:
        parser.error(f"unknown methods {sorted(unknown)}; choose from {', '.join(METHODS)}")
    over = []
    with tempfile.TemporaryDirectory(prefix="sitemap-memory-") as tmp:
        documents = write_documents(Path(tmp), args.urls)
        print(
            f"{'document':<8} {'MB':>6} {'method':<18} {'entries':>8} {'peak RSS MB':>12}", end=""
        )
        print(f" {'above base':>11} {'seconds':>8}")
        for name, path in documents.items():
            size = path.stat().st_size / 1e6
            for method in methods:
                got = measure(method, path)
                print(
                    f"{name:<8} {size:>6.1f} {method:<18} {int(got['entries']):>8}"
                    f" {got['peak_mb']:>12.1f} {got['above_baseline_mb']:>11.1f}"
                    f" {got['seconds']:>8.2f}"
                )
                if method == "read_sitemap" and got["peak_mb"] > args.limit_mb:
                    over.append(f"{name}: {got['peak_mb']:.0f} MB")
    if over:
        print(f"read_sitemap peaked above {args.limit_mb:.0f} MB: {', '.join(over)}")
        return 1
    print(f"read_sitemap stayed under {args.limit_mb:.0f} MB peak RSS on every document")
    return 0


if __name__ == "__main__":
    sys.exit(main())
