"""Hungarian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="hu",
    and_=("és",),
    published=("közzétéve", "megjelent"),
    updated=("frissítve", "módosítva"),
    credit=("fotó",),
    source=("forrás",),
    rights=("minden jog fenntartva",),
)
