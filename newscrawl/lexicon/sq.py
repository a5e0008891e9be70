"""Albanian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="sq",
    and_=("dhe",),
    published=("publikuar", "publikuar më"),
    updated=("përditësuar", "përditësimi"),
    credit=("foto",),
    source=("burimi",),
    roles=("gazetar", "gazetare", "redaktor", "korrespondent"),
    rights=("të gjitha të drejtat e rezervuara",),
)
