"""Chinese."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="zh",
    published=("發布時間", "发布时间", "發佈時間"),
    updated=("更新", "更新時間", "更新时间", "最後更新", "最后更新"),
)
