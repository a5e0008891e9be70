"""Bulgarian."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="bg",
    and_=("и",),
    published=("публикувано",),
    updated=("обновено", "актуализирано"),
    credit=("снимка", "снимки"),
    source=("източник",),
    roles=("кореспондент", "журналист", "журналистка", "редактор"),
    rights=("всички права запазени",),
)
