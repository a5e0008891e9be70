"""Estonian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="et",
    and_=("ja",),
    published=("avaldatud",),
    updated=("uuendatud", "muudetud"),
    credit=("foto",),
    source=("allikas",),
    rights=("kõik õigused kaitstud",),
)
