"""Vietnamese."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="vi",
    weekdays=("thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật"),
    and_=("và",),
    published=("đăng", "xuất bản"),
    updated=("cập nhật",),
    credit=("ảnh",),
    source=("nguồn",),
)
