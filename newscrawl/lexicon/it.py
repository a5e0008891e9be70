"""Italian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="it",
    months=(
        ("gennaio", "gen"),
        ("febbraio", "feb"),
        ("marzo", "mar"),
        ("aprile", "apr"),
        ("maggio", "mag"),
        ("giugno", "giu"),
        ("luglio", "lug"),
        ("agosto", "ago"),
        ("settembre", "set"),
        ("ottobre", "ott"),
        ("novembre", "nov"),
        ("dicembre", "dic"),
    ),
    weekdays=("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    by=("di", "a cura di"),
    by_label=("testo",),
    genre=("opinione", "commento", "editoriale", "rubrica", "analisi"),
    writer=("scritto da", "autore", "autrice", "autori"),
    and_=("e",),
    with_=("con",),
    from_=("da",),
    published=(
        "pubblicato",
        "pubblicata",
    ),
    updated=("aggiornato", "aggiornata", "aggiornamento", "modificato"),
    credit=("foto", "immagine", "fotografia"),
    source=("fonte",),
    particles=("da", "de", "de'", "del", "della", "di"),  # de' Medici
    noon=("mezzogiorno",),
    roles=("redattore", "redattrice", "corrispondente", "giornalista", "inviato", "inviata"),
    rights=("tutti i diritti riservati",),
)
