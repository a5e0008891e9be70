"""Scrapy spiders: one per aggregator site, on shared machinery."""
