"""Swahili and the Kikuyu names written in its manner: "wa" ("of") between a given name and a
father's or clan name ("Ngũgĩ wa Thiong'o")."""

from newscrawl.lexicon import Language

LANGUAGE = Language(code="sw", particles=("wa", "binti"))
