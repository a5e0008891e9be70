"""Norwegian (Bokmål)."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="nb",
    months=(
        ("januar", "jan"),
        ("februar", "feb"),
        ("mars",),
        ("april", "apr"),
        ("mai",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("desember", "des"),
    ),
    weekdays=("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    by=("av", "ved"),
    by_label=("tekst",),
    writer=("skrevet av", "forfatter", "skribent"),
    and_=("og",),
    from_=("fra", "i"),
    with_=("med",),
    published=("publisert",),
    updated=("oppdatert",),
    credit=("foto", "bilde"),
    source=("kilde",),
    particles=("av",),
    rights=("alle rettigheter reservert",),
)
