"""Portuguese."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="pt",
    months=(
        ("janeiro", "jan"),
        ("fevereiro", "fev"),
        ("março", "marco", "mar"),
        ("abril", "abr"),
        ("maio", "mai"),
        ("junho", "jun"),
        ("julho", "jul"),
        ("agosto", "ago"),
        ("setembro", "set"),
        ("outubro", "out"),
        ("novembro", "nov"),
        ("dezembro", "dez"),
    ),
    weekdays=(
        "segunda-feira",
        "terça-feira",
        "quarta-feira",
        "quinta-feira",
        "sexta-feira",
        "sábado",
        "domingo",
    ),  # fmt: skip
    by=("por", "de"),
    by_label=("texto",),
    genre=(
        "opinião",
        "coluna",
        "crónica",
        "crônica",
        "editorial",
        "análise",
        "comentário",
    ),
    writer=("escrito por", "autor", "autora", "autores"),
    and_=("e",),
    with_=("com", "com informações de", "com informações da"),
    from_=("desde", "em"),
    published=(
        "publicado",
        "publicada",
    ),
    updated=("atualizado", "atualizada", "atualização"),
    credit=("foto", "fotos", "imagem", "fotografia"),
    source=("fonte",),
    particles=("da", "das", "de", "do", "dos", "e"),
    noon=("meio-dia",),
    roles=("redator", "redatora", "repórter", "correspondente", "jornalista"),
    rights=("todos os direitos reservados",),
)
