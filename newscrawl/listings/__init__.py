"""Listing sources read from XML and text: sitemaps, robots.txt ``Sitemap:`` lines, RSS/Atom feeds.

Pure functions over response bodies (the spider fetches, these read): :mod:`.sitemaps`,
:mod:`.feeds`, :mod:`.robots`; the entries they return (:mod:`.entry`), the date bounds a crawl
applies to them (:mod:`.bounds`), safe XML (:mod:`.safexml`) and the one error type, counted and
logged by :func:`.errors.report` (:mod:`.errors`).
"""
