"""Swedish."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="sv",
    months=(
        ("januari", "jan"),
        ("februari", "feb"),
        ("mars",),
        ("april", "apr"),
        ("maj",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("augusti", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    weekdays=("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    by=("av",),
    by_label=("text",),
    writer=("skriven av", "skribent", "författare"),
    and_=("och",),
    from_=("från", "i"),
    with_=("med",),
    published=("publicerad",),
    updated=("uppdaterad",),
    credit=("foto", "bild"),
    source=("källa",),
    particles=("af", "av"),
    rights=("alla rättigheter förbehållna",),
)
