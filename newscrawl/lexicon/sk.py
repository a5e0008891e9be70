"""Slovak."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="sk",
    and_=("a",),
    published=("publikované", "zverejnené"),
    updated=("aktualizované", "aktualizácia"),
    credit=("foto", "fotografia"),
    source=("zdroj",),
    roles=("redaktor", "redaktorka", "spravodajca", "spravodajkyňa"),
    rights=("všetky práva vyhradené",),
)
