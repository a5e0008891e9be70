"""Downloader middlewares of newscrawl (each in its own module)."""
