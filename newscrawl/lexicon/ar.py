"""Arabic: names as written in Latin letters (particles), and the labels of an untranslated
copy's captions and date lines."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="ar",
    particles=("al", "el", "bin", "bint", "ibn", "ould"),
    credit=("تصوير", "صورة", "الصورة", "المصدر"),
    published=("نشر", "نشر في", "تاريخ النشر"),
    updated=("آخر تحديث", "تحديث", "تم التحديث"),
)
