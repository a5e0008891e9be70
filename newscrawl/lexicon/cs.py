"""Czech."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="cs",
    and_=("a",),
    published=("publikováno", "zveřejněno"),
    updated=("aktualizováno", "aktualizace"),
    credit=("foto", "fotografie"),
    source=("zdroj",),
    roles=("redaktor", "redaktorka", "zpravodaj", "zpravodajka"),
    rights=("všechna práva vyhrazena",),
)
