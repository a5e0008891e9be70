"""Catalan."""

from newscrawl.lexicon import Language

LANGUAGE = Language(code="ca", and_=("i",), credit=("foto",), source=("font",))
