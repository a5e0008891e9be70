"""Catalan."""

from newscrawl.lexicon import Language

LANGUAGE = Language(code="ca", by_own=("per",), and_=("i",), credit=("foto",), source=("font",))
