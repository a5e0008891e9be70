"""Item pipelines: boilerplate, deduplication, validation."""
