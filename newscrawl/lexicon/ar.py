"""Arabic names as written in Latin letters (particles only)."""

from newscrawl.lexicon import Language

LANGUAGE = Language(code="ar", particles=("al", "el", "bin", "bint", "ibn", "ould"))
