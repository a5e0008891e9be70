"""Ukrainian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="uk",
    and_=("і", "та"),
    published=("опубліковано",),
    updated=("оновлено",),
    credit=("фото",),
    source=("джерело", "колаж"),
    rights=("усі права захищені", "всі права захищені"),
)
