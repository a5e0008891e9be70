"""Polish."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="pl",
    months=(
        ("stycznia", "styczeń", "sty"),
        ("lutego", "luty", "lut"),
        ("marca", "marzec"),
        ("kwietnia", "kwiecień", "kwi"),
        ("maja", "maj"),
        ("czerwca", "czerwiec", "cze"),
        ("lipca", "lipiec", "lip"),
        ("sierpnia", "sierpień", "sie"),
        ("września", "wrzesień", "wrz"),
        ("października", "październik", "paź"),
        ("listopada", "listopad", "lis"),
        ("grudnia", "grudzień", "gru"),
    ),
    weekdays=("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"),
    by=("przez",),
    by_label=("tekst",),
    genre=("opinia", "komentarz", "felieton", "analiza"),
    writer=("napisane przez", "autor", "autorka", "autorzy"),
    and_=("i",),
    from_=("z", "ze"),
    published=("opublikowano",),
    updated=("zaktualizowano", "aktualizacja"),
    credit=("zdjęcie", "fot", "foto"),
    source=("źródło",),
    roles=(
        "redaktor",
        "redaktorka",
        "dziennikarz",
        "dziennikarka",
        "korespondent",
        "korespondentka",
    ),
    rights=("wszelkie prawa zastrzeżone",),
)
