"""German."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="de",
    months=(
        ("januar", "jänner", "jan"),
        ("februar", "feb"),
        ("märz", "maerz", "mär"),
        ("april", "apr"),
        ("mai",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("dezember", "dez"),
    ),
    weekdays=(
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonnabend",
        "sonntag",
        "mo",
        "di",
        "mi",
        "do",
        "fr",
        "sa",
        "so",
    ),  # fmt: skip
    by=("von", "vom"),
    by_label=("text",),
    writer=("geschrieben von", "autor", "autorin", "autoren"),
    and_=("und",),
    with_=("mit",),
    published=(
        "veröffentlicht",
        "erstellt",
        "publiziert",
        "erschienen",
    ),
    updated=("aktualisiert", "geändert", "zuletzt aktualisiert"),
    credit=("foto", "fotos", "bild", "bilder", "bildquelle", "bildrechte", "grafik"),
    source=("quelle",),
    particles=("von", "vom", "zu", "zum", "zur", "der", "den"),
)
