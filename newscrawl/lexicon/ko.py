"""Korean."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="ko",
    published=("입력", "등록"),
    updated=("수정", "업데이트"),
    credit=("사진",),
    source=("출처",),
    roles=("기자", "특파원"),
)
