"""Albanian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="sq",
    and_=("dhe",),
    published=("publikuar", "publikuar më"),
    updated=("përditësuar", "përditësimi"),
    credit=("foto",),
    source=("burimi",),
)
