"""Hungarian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="hu",
    and_=("és",),
    credit=("fotó",),
    source=("forrás",),
    rights=("minden jog fenntartva",),
)
