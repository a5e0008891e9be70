"""Hebrew names as written in Latin letters (particles only)."""

from newscrawl.lexicon import Language

LANGUAGE = Language(code="he", particles=("ben", "bat"))
