"""Croatian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="hr",
    and_=("i",),
    from_=("iz",),
    published=("objavljeno",),
    updated=("ažurirano",),
    credit=("foto", "fotografija"),
    source=("izvor",),
    roles=("urednik", "urednica", "novinar", "novinarka", "dopisnik", "dopisnica"),
    rights=("sva prava pridržana",),
)
