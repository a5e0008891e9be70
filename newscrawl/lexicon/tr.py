"""Turkish."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="tr",
    months=(
        ("ocak",),
        ("şubat",),
        ("mart",),
        ("nisan",),
        ("mayıs",),
        ("haziran",),
        ("temmuz",),
        ("ağustos",),
        ("eylül",),
        ("ekim",),
        ("kasım",),
        ("aralık",),
    ),
    and_=("ve",),
    published=("yayınlanma", "yayınlandı"),
    updated=("güncelleme", "güncellendi", "güncellenme", "son güncelleme"),
    credit=("fotoğraf", "foto"),
    source=("kaynak",),
    rights=("tüm hakları saklıdır",),
)
