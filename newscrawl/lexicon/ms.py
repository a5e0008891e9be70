"""Malay (Malaysia, Singapore, Brunei)."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="ms",
    months=(
        ("januari", "jan"),
        ("februari", "feb"),
        ("mac",),
        ("april", "apr"),
        ("mei",),
        ("jun",),
        ("julai", "jul"),
        ("ogos", "ogo"),
        ("september", "sep", "sept"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("disember", "dis"),
    ),
    weekdays=("isnin", "selasa", "rabu", "khamis", "jumaat", "sabtu", "ahad"),
    by=("oleh",),
    and_=("dan",),
    published=("diterbitkan",),
    updated=("dikemas kini",),
    credit=("gambar",),
    source=("sumber",),
    # "Ahmad bin Abdullah", "Nur Aisyah binti Hassan" (Singapore also "binte", "bte").
    particles=("bin", "binti", "binte", "bte"),
)
