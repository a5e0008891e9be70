"""Greek."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="el",
    and_=("και",),
    published=("δημοσίευση",),
    updated=("ενημέρωση", "τελευταία ενημέρωση"),
    credit=("φωτογραφία", "φωτογραφίες"),
    source=("πηγή",),
)
