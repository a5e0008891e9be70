"""Latvian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="lv",
    and_=("un",),
    published=("publicēts",),
    updated=("atjaunots", "atjaunināts"),
    credit=("foto",),
    source=("avots",),
    rights=("visas tiesības aizsargātas",),
)
