"""Slovenian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="sl",
    # "in" is also English "in {City}": it joins two names only on a Slovenian page.
    and_own=("in",),
    published=("objavljeno",),
    updated=("posodobljeno",),
    credit=("foto",),
    source=("vir",),
    rights=("vse pravice pridržane",),
)
