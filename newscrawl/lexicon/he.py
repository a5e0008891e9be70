"""Hebrew: names as written in Latin letters (particles), and the labels of an untranslated
copy's captions and date lines."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="he",
    particles=("ben", "bat"),
    credit=("צילום", "צילומים"),
    published=("פורסם", "פורסם ב"),
    updated=("עודכן", "עודכן ב", "עדכון אחרון"),
)
