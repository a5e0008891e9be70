"""Lithuanian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="lt",
    and_=("ir",),
    published=("paskelbta",),
    updated=("atnaujinta",),
    credit=("nuotr", "nuotrauka"),
    source=("šaltinis",),
    rights=("visos teisės saugomos",),
)
