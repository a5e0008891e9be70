"""newscrawl: clean, deduplicated article feeds from news aggregator sites."""
