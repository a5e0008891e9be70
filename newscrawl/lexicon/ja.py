"""Japanese."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="ja",
    published=("配信", "公開"),
    updated=("更新", "更新日時", "最終更新"),
)
