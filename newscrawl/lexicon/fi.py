"""Finnish."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="fi",
    months=(
        ("tammikuu", "tammikuuta"),
        ("helmikuu", "helmikuuta"),
        ("maaliskuu", "maaliskuuta"),
        ("huhtikuu", "huhtikuuta"),
        ("toukokuu", "toukokuuta"),
        ("kesäkuu", "kesäkuuta"),
        ("heinäkuu", "heinäkuuta"),
        ("elokuu", "elokuuta"),
        ("syyskuu", "syyskuuta"),
        ("lokakuu", "lokakuuta"),
        ("marraskuu", "marraskuuta"),
        ("joulukuu", "joulukuuta"),
    ),
    weekdays=(
        "maanantai",
        "tiistai",
        "keskiviikko",
        "torstai",
        "perjantai",
        "lauantai",
        "sunnuntai",
    ),  # fmt: skip
    and_=("ja",),
    published=("julkaistu",),
    updated=("päivitetty",),
    credit=("kuva",),
    source=("lähde",),
    rights=("kaikki oikeudet pidätetään",),
)
