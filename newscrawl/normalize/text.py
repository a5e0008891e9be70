"""Whitespace cleaning, sentence ends and re-joining of broken paragraph fragments."""

from __future__ import annotations

import re
import unicodedata

from w3lib.encoding import html_to_unicode, read_bom

__all__ = ["clean_text", "ends_sentence", "join_fragments", "word_count"]

# Zero-width characters are deleted rather than turned into spaces: they sit
# inside words ("Ben\u200b-Ami") far more often than between them.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WORD = re.compile(r"\w+")

# Characters that may follow the terminal punctuation of a sentence.
_CLOSERS = "\"'\u201d\u2019\u00bb\u203a)]}"
# Terminal punctuation. ":" counts: a line ending in a colon ("Read more:")
# announces what follows and is never the first half of a broken sentence.
_TERMINALS = ".!?\u2026:;"
# A continuation piece starting with one of these joins without a space.
_NO_SPACE_BEFORE = ",.;:!?)]}\u2026%"
# Lower-case words that may sit inside a name ("Rio de Janeiro").
_NAME_PARTICLES = frozenset(
    [
        "al",
        "bin",
        "da",
        "das",
        "de",
        "del",
        "della",
        "der",
        "di",
        "do",
        "dos",
        "du",
        "el",
        "la",
        "le",
        "of",
        "the",
        "van",
        "von",
        "y",
        "zu",
    ]
)
_SHORT_NAME_MAX_WORDS = 4


def clean_text(s: str) -> str:
    """Collapse every run of whitespace (NBSP included) to one space and strip.

    Zero-width characters and soft hyphens are removed.

    >>> clean_text("  Putin:\\u00a0We  have\\n won\\u200b ")
    'Putin: We have won'
    >>> clean_text("\\u00a0")
    ''
    """
    if not s.isascii():  # the zero-width characters are not ASCII
        s = _ZERO_WIDTH.sub("", s)
    return " ".join(s.split())  # str.split() splits at the same whitespace as r"\s"


def ends_sentence(s: str) -> bool:
    """Tell whether ``s`` ends like a finished sentence.

    Terminal punctuation is ``. ! ? … : ;``, optionally followed by closing
    quotes or brackets. A text that ends with a closing quote alone (``"``,
    ``”``, ``»``) also counts: translated quotes often drop the final stop.

    >>> ends_sentence("It was stable.")
    True
    >>> ends_sentence('He said: "We will win!"')
    True
    >>> ends_sentence("the successor to the")
    False
    >>> ends_sentence("Read more:")
    True
    >>> ends_sentence('the so-called "color revolutions"')
    True
    >>> ends_sentence("")
    False
    """
    text = clean_text(s)
    if not text:
        return False
    if text[-1] in '"\u201d\u00bb':
        return True
    return _ends_with_terminal(text)


def _starts_with_punctuation(piece: str) -> bool:
    first = piece[0]
    return first in _NO_SPACE_BEFORE or unicodedata.category(first) in ("Pe", "Pd")


def _is_short_name(piece: str) -> bool:
    """A short proper name such as ``KGB``, ``Strasbourg`` or ``Rio de Janeiro``."""
    words = piece.rstrip(".!?").split()
    if not 1 <= len(words) <= _SHORT_NAME_MAX_WORDS:
        return False
    if not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    for word in words[1:]:
        if not (word[0].isupper() or word[0].isdigit() or word in _NAME_PARTICLES):
            return False
    return not any(ch in ',;:!?"' for ch in piece.rstrip(".!?"))


def _ends_with_terminal(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINALS


def _continues(head: str, piece: str) -> bool:
    """Tell whether ``piece`` is the next fragment of the unfinished ``head``."""
    if _starts_with_punctuation(piece) or piece[0].islower():
        # 'he called it "a disgrace"' + "." is still one sentence.
        return not _ends_with_terminal(head)
    return not ends_sentence(head) and _is_short_name(piece)


def _glue(head: str, piece: str) -> str:
    if piece[0] in _NO_SPACE_BEFORE:
        return head + piece
    return f"{head} {piece}"


def join_fragments(paragraphs: list[str]) -> list[str]:
    """Re-join paragraphs that the source split into pieces; drop empty ones.

    A piece continues the paragraph before it when that paragraph has no final
    punctuation and the piece is a short name, starts with punctuation or
    starts with a lower-case word. (Before a piece that starts with
    punctuation or a lower-case word, a paragraph ending in a closing quote
    counts as unfinished.) Pieces are joined with one space, except
    before ``, . ; : ! ? )``. An unfinished paragraph that no continuation
    follows is kept as it is.

    >>> join_fragments(["The commission, the successor to the", "KGB",
    ...                 ", said it was stable."])
    ['The commission, the successor to the KGB, said it was stable.']
    >>> join_fragments(["It is the first time since the presidency", "", "."])
    ['It is the first time since the presidency.']
    >>> join_fragments(["Meanwhile, in", "\\u00a0", "Strasbourg",
    ...                 ", local council heads met.", "Next paragraph."])
    ['Meanwhile, in Strasbourg, local council heads met.', 'Next paragraph.']
    >>> join_fragments(["Read more:", "Some headline", "Body text."])
    ['Read more:', 'Some headline', 'Body text.']
    >>> join_fragments(['He called it "a disgrace"', "."])
    ['He called it "a disgrace".']
    """
    out: list[str] = []
    for raw in paragraphs:
        piece = clean_text(raw)
        if not piece:
            continue
        if out and _continues(out[-1], piece):
            out[-1] = _glue(out[-1], piece)
        else:
            out.append(piece)
    return out


def word_count(text: str) -> int:
    """Count the runs of word characters.

    >>> word_count("Ben-Ami scored 2 goals.")
    5
    """
    return len(_WORD.findall(text))


#: An e-mail address and a social handle ("@janmeier"): contact details, never a name.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
HANDLE = re.compile(r"(?<![\w@])@\w+")


def decode_html(body: bytes) -> str:
    """A page's text from its bytes alone, for every kind of page: a byte-order mark; else
    UTF-8 when the bytes are valid UTF-8 (a saved or re-served page often keeps a ``charset``
    it no longer has, and other encodings' non-ASCII text is almost never valid UTF-8); else
    the declared ``<meta charset>``; else windows-1252.

    >>> decode_html("<p>café</p>".encode("cp1252")), decode_html("<p>café</p>".encode())
    ('<p>café</p>', '<p>café</p>')
    >>> decode_html('<meta charset="iso-8859-1"><p>café</p>'.encode("utf-8"))[-11:]
    '<p>café</p>'
    >>> decode_html('<meta charset="iso-8859-1"><p>café</p>'.encode("latin-1"))[-11:]
    '<p>café</p>'
    """
    if read_bom(body)[0] is None:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return html_to_unicode(None, body, auto_detect_fun=lambda _: "cp1252")[1]
