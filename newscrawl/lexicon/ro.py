"""Romanian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="ro",
    and_=("și", "şi"),
    published=("publicat",),
    updated=("actualizat", "actualizare"),
    credit=("foto", "fotografie"),
    source=("sursa", "sursă"),
    roles=("redactor", "corespondent", "jurnalist", "jurnalistă"),
    rights=("toate drepturile rezervate",),
)
