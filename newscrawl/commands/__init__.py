"""Project commands (scrapy extract, scrapy state)."""
