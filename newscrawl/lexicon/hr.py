"""Croatian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="hr",
    and_=("i",),
    published=("objavljeno",),
    updated=("ažurirano",),
    credit=("foto", "fotografija"),
    source=("izvor",),
)
