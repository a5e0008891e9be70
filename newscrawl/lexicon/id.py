"""Indonesian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="id",
    months=(
        ("januari", "jan"),
        ("februari", "feb"),
        ("maret", "mar"),
        ("april", "apr"),
        ("mei",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("agustus", "agu", "agt"),
        ("september", "sep"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("desember", "des"),
    ),
    weekdays=("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"),
    by=("oleh",),
    and_=("dan",),
    published=("diterbitkan", "dipublikasikan"),
    updated=("diperbarui",),
    credit=("foto",),
    source=("sumber",),
    rights=("hak cipta dilindungi undang-undang",),
)
