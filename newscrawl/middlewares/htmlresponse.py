"""Read an HTML page as HTML whatever its Content-Type says (missing, ``application/json``...)."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request, Response

#: How far into a body to look for an HTML start.
SNIFF_BYTES = 1024


def looks_like_html(body: bytes) -> bool:
    """Whether a body starts like an HTML document (after a BOM and whitespace).

    >>> looks_like_html(b"\\xef\\xbb\\xbf <!DOCTYPE html><html>"), looks_like_html(b'{"a": 1}')
    (True, False)
    >>> looks_like_html(b"<html lang=en>"), looks_like_html(b"\\x89PNG")
    (True, False)
    """
    head = body[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


class HtmlResponseMiddleware:
    """Turn a response whose body is HTML into an ``HtmlResponse``.

    A server that sends an HTML page as ``application/json`` makes Scrapy build a
    ``JsonResponse``, whose selector refuses CSS; one with a binary type (or none, on an URL
    without ``.html``) gives a plain ``Response`` without ``.text``. The body decides instead;
    its encoding is then found as for any HTML page (header charset, BOM, ``<meta charset>``,
    else UTF-8 or windows-1252 by what decodes).
    """

    def process_response(self, request: Request, response: Response) -> Response:
        if isinstance(response, HtmlResponse) or not looks_like_html(response.body):
            return response
        return response.replace(cls=HtmlResponse)
