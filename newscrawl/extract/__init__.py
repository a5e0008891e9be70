"""Extraction of article parts from page HTML: aggregator source blocks and generic pages."""
