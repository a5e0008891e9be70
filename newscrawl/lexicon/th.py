"""Thai: the labels of an untranslated copy's captions and date lines."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="th",
    credit=("ภาพ", "ภาพจาก", "ที่มา"),
    published=("เผยแพร่",),
    updated=("อัปเดต", "แก้ไขล่าสุด"),
)
