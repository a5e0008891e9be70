"""Dutch."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="nl",
    months=(
        ("januari", "jan"),
        ("februari", "feb"),
        ("maart", "mrt"),
        ("april", "apr"),
        ("mei",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("augustus", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    weekdays=("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    by=("door",),
    by_label=("tekst",),
    genre=("column", "opinie", "commentaar", "analyse"),
    writer=("geschreven door", "auteur", "auteurs"),
    and_=("en",),
    from_=("uit",),
    with_=("met",),
    published=("gepubliceerd",),
    updated=("bijgewerkt", "gewijzigd"),
    credit=("foto", "foto's", "beeld", "afbeelding"),
    source=("bron",),
    particles=("van", "den", "der", "ten", "ter"),
    roles=("redacteur", "verslaggever", "verslaggeefster", "correspondente"),
    rights=("alle rechten voorbehouden",),
)
