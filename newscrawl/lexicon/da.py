"""Danish."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="da",
    months=(
        ("januar", "jan"),
        ("februar", "feb"),
        ("marts",),
        ("april", "apr"),
        ("maj",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    weekdays=("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    by=("af",),
    by_label=("tekst",),
    writer=("skrevet af", "forfatter", "skribent"),
    and_=("og",),
    from_=("fra", "i"),
    with_=("med",),
    published=("publiceret", "offentliggjort"),
    updated=("opdateret",),
    credit=("foto", "billede"),
    source=("kilde",),
    particles=("af",),
    rights=("alle rettigheder forbeholdes",),
)
