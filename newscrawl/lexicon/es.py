"""Spanish."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="es",
    months=(
        ("enero", "ene"),
        ("febrero", "feb"),
        ("marzo", "mar"),
        ("abril", "abr"),
        ("mayo", "may"),
        ("junio", "jun"),
        ("julio", "jul"),
        ("agosto", "ago"),
        ("septiembre", "setiembre", "sep", "sept"),
        ("octubre", "oct"),
        ("noviembre", "nov"),
        ("diciembre", "dic"),
    ),
    weekdays=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    by=("por",),
    by_label=("texto",),
    genre=("opinión", "columna", "tribuna", "editorial", "análisis", "comentario"),
    writer=("escrito por", "redactado por", "autor", "autora", "autores"),
    and_=("y",),
    with_=("con", "con información de"),
    from_=("desde", "en"),
    published=(
        "publicado",
        "publicada",
    ),
    updated=("actualizado", "actualizada", "actualización", "modificado"),
    credit=("foto", "fotos", "imagen", "fotografía", "ilustración", "crédito"),
    source=("fuente",),
    particles=("de", "del", "y"),
    noon=("mediodía",),
    roles=("redactor", "redactora", "corresponsal", "periodista"),
    desk=("agencia", "redacción", "redaccion"),
    rights=("todos los derechos reservados",),
    accounts=("redacción", "redaccion", "invitado", "usuario"),
)
