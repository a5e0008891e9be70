"""Split a byline into person names and agency or desk credits."""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from newscrawl.normalize.dates import is_date_line
from newscrawl.normalize.text import clean_text

__all__ = ["Byline", "is_agency", "is_known_agency", "parse_byline", "title_case_name"]


class Byline(NamedTuple):
    """The persons of a byline (title case) and its organisational credits (as printed)."""

    authors: list[str]
    agencies: list[str]


# Words that make a byline part an organisation rather than a person.
_AGENCY_WORDS = frozenset(
    [
        "agency",
        "agencies",
        "agence",
        "agencia",
        "agentur",
        "press",
        "presse",
        "news",
        "online",
        "system",
        "desk",
        "staff",
        "editorial",
        "editors",
        "newsroom",
        "wire",
        "wires",
        "service",
        "services",
        "bureau",
        "redaktion",
        "redaccion",
        "redacción",
        "rédaction",
        "media",
        "team",
    ]
)
# Definite articles that open the names of newspapers ("Le Monde", "The Times").
_ARTICLES = frozenset(
    ["the", "le", "la", "les", "el", "los", "las", "die", "der", "das", "il", "lo", "i", "o"]
)
# Words that make a part a role, beat or desk: neither person nor agency.
_ROLE_WORDS = frozenset(
    [
        "correspondent",
        "correspondents",
        "reporter",
        "reporters",
        "editor",
        "writer",
        "writers",
        "journalist",
        "columnist",
        "contributor",
        "analyst",
        "photographer",
        "photographers",
        "commentator",
        "producer",
        "intern",
        "anchor",
        "presenter",
        "report",
        "reports",
        "reporting",
        "compiled",
        "translated",
        "translation",
        "interview",
    ]
)
# Lower-case particles inside personal names.
_PARTICLES = frozenset(
    [
        "bin",
        "da",
        "das",
        "de",
        "del",
        "della",
        "den",
        "der",
        "di",
        "do",
        "dos",
        "du",
        "e",
        "ibn",
        "ten",
        "ter",
        "van",
        "von",
        "y",
        "zu",
    ]
)
_ARTICLE_AFTER_PARTICLE = frozenset(["la", "le", "las", "los"])

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<!\w)@\w+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_PAREN = re.compile(r"\(([^()]*)\)")
_LEADING_BRACKET = re.compile(r"^\[([^\]]+)\]")
_DATE_TAIL = re.compile(r"\s*\|?\s*\b(?:published|posted|updated)\b.*$", re.IGNORECASE)
# "By", "from", "von", "Compiled by", "Text by", "Reporter" in front of a name.
_PREFIX = re.compile(
    r"^(?:(?:[A-Za-z]+\s+)?(?:by|from|von|par|por)\s+"
    r"|(?:(?:senior|special|staff|chief)\s+)?(?:reporter|correspondent|journalist|editor|writer)s?"
    r"\s+(?=[A-Z]))",
    re.IGNORECASE,
)
_SPLIT_SEGMENTS = re.compile(r"\s*[,;]\s*")
_SPLIT_PEOPLE = re.compile(r"\s+(?:and|&|und|et|with|mit)\s+|^(?:and|&|und|et)\s+", re.IGNORECASE)
_SPLIT_SLASH = re.compile(r"\s*/\s*")
_EDGE_PUNCT = " .,;:-\u2013\u2014|[]"
_CAPS_TOKEN = re.compile(r"^[A-Z]{2,6}(?:-[A-Z]{2,6})?$")
_NAME_TOKEN = re.compile(r"^(?:[^\W\d_][^\W\d_'’.\-]*(?:['’\-.][^\W\d_]*)*\.?)$")
# Lower-case name prefixes: "d'Arcy", "al-Baghdadi".
_PREFIXED_TOKEN = re.compile(r"^(?:d|l|al|el|ad|ed|da|de|di|du)['’-][^\W\d_]", re.IGNORECASE)
_MAX_NAME_TOKENS = 5


@cache
def _known_agencies() -> frozenset[str]:
    data = pkgutil.get_data("newscrawl", "normalize/agencies.txt") or b""
    lines = (line.strip() for line in data.decode("utf-8").splitlines())
    return frozenset(line.casefold() for line in lines if line and not line.startswith("#"))


def is_known_agency(name: str) -> bool:
    """Tell whether ``name`` is in the bundled list of agencies (any case).

    >>> is_known_agency("REUTERS"), is_known_agency("Keystone-SDA"), is_known_agency("Press")
    (True, True, False)
    """
    return clean_text(name).strip(_EDGE_PUNCT).casefold() in _known_agencies()


def is_agency(part: str) -> bool:
    """Tell whether a byline part names an agency, a desk or a news organisation.

    >>> [is_agency(p) for p in ("dpa", "Europa Press", "News agencies", "KNA", "Noa Cohen")]
    [True, True, True, True, False]
    >>> is_agency("Le Monde")
    True
    """
    text = clean_text(part).strip(_EDGE_PUNCT)
    if not text:
        return False
    if is_known_agency(text):
        return True
    tokens = text.split()
    words = {token.casefold().strip("!.,") for token in tokens}
    if words & _AGENCY_WORDS:
        return True
    if len(tokens) == 1 and _CAPS_TOKEN.match(text):
        return True
    return len(tokens) > 1 and tokens[0].casefold() in _ARTICLES and tokens[1][:1].isupper()


def _is_role(part: str) -> bool:
    return any(token.casefold().strip(".") in _ROLE_WORDS for token in part.split())


def _is_person(part: str) -> bool:
    tokens = part.split()
    if not 1 <= len(tokens) <= _MAX_NAME_TOKENS:
        return False
    if not all(_NAME_TOKEN.match(token) for token in tokens):
        return False
    capitalised = [token for token in tokens if token[0].isupper()]
    return bool(capitalised) and all(
        token[0].isupper()
        or token in _PARTICLES
        or token in _ARTICLE_AFTER_PARTICLE
        or _PREFIXED_TOKEN.match(token)
        for token in tokens
    )


def _title_word(word: str) -> str:
    def part(piece: str) -> str:
        # "O'BRIEN" -> "O'Brien", but "BE'ER" -> "Be'er".
        head, apostrophe, tail = piece.partition("'")
        if apostrophe and len(head) == 1:
            return head.upper() + "'" + tail[:1].upper() + tail[1:].lower()
        return piece[:1].upper() + piece[1:].lower()

    return "-".join(part(piece) for piece in word.split("-"))


def title_case_name(name: str) -> str:
    """Turn a name printed in capitals into title case; leave mixed case alone.

    >>> title_case_name("OREN SHAPIRA")
    'Oren Shapira'
    >>> title_case_name("SIGAL BEN-AMI")
    'Sigal Ben-Ami'
    >>> title_case_name("JUAN DE LA CRUZ")
    'Juan de la Cruz'
    >>> title_case_name("SEAN O'BRIEN")
    "Sean O'Brien"
    >>> title_case_name("Ludwig van Beethoven")
    'Ludwig van Beethoven'
    """
    text = clean_text(name)
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 2 or any(ch.islower() for ch in letters):
        return text
    words = text.split()
    out: list[str] = []
    for index, word in enumerate(words):
        lower = word.lower()
        inner = 0 < index < len(words) - 1
        after_particle = bool(out) and out[-1] in _PARTICLES
        if inner and (lower in _PARTICLES or (after_particle and lower in _ARTICLE_AFTER_PARTICLE)):
            out.append(lower)
        else:
            out.append(_title_word(word))
    return " ".join(out)


def _drop_date_parts(text: str) -> str:
    """Remove " | Published: ..." tails that a date line may have glued on."""
    tail = _DATE_TAIL.search(text)
    if tail and is_date_line(tail.group()):
        text = text[: tail.start()]
    parts = [part.strip() for part in text.split("|")]
    kept = [part for part in parts if part and not is_date_line(part)]
    return ", ".join(kept)


def _unwrap_parentheses(text: str) -> str:
    """Keep an agency in parentheses as a part of its own; drop places and roles."""

    def replace(match: re.Match[str]) -> str:
        inner = [part for part in _SPLIT_SEGMENTS.split(match.group(1)) if part.strip()]
        if inner and all(is_agency(part) for part in inner):
            return ", " + ", ".join(inner)
        return ""

    return _PAREN.sub(replace, text)


def _strip_prefix(part: str) -> tuple[str, bool]:
    stripped = _PREFIX.sub("", part, count=1)
    return stripped.strip(_EDGE_PUNCT), stripped != part


def parse_byline(text: str, publishers: Sequence[str] = ()) -> Byline:
    """Split a byline into authors and agencies.

    ``publishers`` are the publisher's own names: after a person they are
    dropped ("Noa Dahan, Walla! news"), on their own they are a credit
    ("Maariv Online"). Roles and beats ("political correspondent",
    "Reporter", "Compiled by"), desks ("Comprehensive Report"), places after
    a name and parenthesised notes ("(Paris, correspondent)") are neither.
    Parts after a comma that do not continue a list of names ("X, Y and Z")
    are read as places or roles.

    >>> parse_byline("Noa Dahan, Walla! news", ["Walla! news"])
    Byline(authors=['Noa Dahan'], agencies=[])
    >>> parse_byline("Walla! news system", ["Walla! news"])
    Byline(authors=[], agencies=['Walla! news system'])
    >>> parse_byline("Noa Peretz, political correspondent")
    Byline(authors=['Noa Peretz'], agencies=[])
    >>> parse_byline("OREN SHAPIRA | Published: 11.01.22, 17:07")
    Byline(authors=['Oren Shapira'], agencies=[])
    >>> parse_byline("Itay Azoulay and Yael Katz, AP")
    Byline(authors=['Itay Azoulay', 'Yael Katz'], agencies=['AP'])
    >>> parse_byline("Maariv Online", ["Maariv", "Maariv Online"])
    Byline(authors=[], agencies=['Maariv Online'])
    >>> parse_byline("by Nina Steiner and Laura Schmid")
    Byline(authors=['Nina Steiner', 'Laura Schmid'], agencies=[])
    >>> parse_byline("sda/Reuters/AFP")
    Byline(authors=[], agencies=['sda', 'Reuters', 'AFP'])
    >>> parse_byline("Patrick Keller/Reuters")
    Byline(authors=['Patrick Keller'], agencies=['Reuters'])
    >>> parse_byline("Le Monde with AFP", ["Le Monde"])
    Byline(authors=[], agencies=['Le Monde', 'AFP'])
    >>> parse_byline("By Aurélie Gauthier (Washington, correspondent)")
    Byline(authors=['Aurélie Gauthier'], agencies=[])
    >>> parse_byline("Lucía Álvarez / EFE")
    Byline(authors=['Lucía Álvarez'], agencies=['EFE'])
    >>> parse_byline("[Reporter Lin Kuan-yu/Taipei Report]")
    Byline(authors=['Lin Kuan-yu'], agencies=[])
    >>> parse_byline("[Compiled by Wu Kuan-yu/Comprehensive Report]")
    Byline(authors=['Wu Kuan-yu'], agencies=[])
    >>> parse_byline("[Central News Agency] The storm intensified today.")
    Byline(authors=[], agencies=['Central News Agency'])
    >>> parse_byline("Anna Berg, Tom Wyss and Eva Frei")
    Byline(authors=['Anna Berg', 'Tom Wyss', 'Eva Frei'], agencies=[])
    >>> parse_byline("von Jan Meier, Berlin (jan.meier@example.com, @janmeier)")
    Byline(authors=['Jan Meier'], agencies=[])
    """
    cleaned = clean_text(text)
    bracket = _LEADING_BRACKET.match(cleaned)
    if bracket:  # LTN: "[Reporter X/Taipei Report] Body text ..."
        cleaned = bracket.group(1)
    cleaned = _URL.sub(" ", _HANDLE.sub(" ", _EMAIL.sub(" ", cleaned)))
    cleaned = _drop_date_parts(cleaned)
    cleaned = clean_text(cleaned.replace("[", " ").replace("]", " "))
    cleaned = _unwrap_parentheses(cleaned)
    own_names = {clean_text(name).casefold() for name in publishers if name.strip()}

    segments = [seg for seg in _SPLIT_SEGMENTS.split(cleaned) if seg.strip(_EDGE_PUNCT)]
    enumerating = [bool(_SPLIT_PEOPLE.search(seg)) for seg in segments]

    authors: list[str] = []
    agencies: list[str] = []
    for index, segment in enumerate(segments):
        # A later comma segment holds names only inside a list "X, Y and Z".
        names_allowed = index == 0 or any(enumerating[index:])
        for slash_index, slash_part in enumerate(_SPLIT_SLASH.split(segment)):
            for raw in _SPLIT_PEOPLE.split(slash_part):
                part, had_prefix = _strip_prefix(raw.strip(_EDGE_PUNCT))
                if not part:
                    continue
                folded = part.casefold()
                if folded in own_names or any(folded.startswith(n + " ") for n in own_names):
                    if not authors and part not in agencies:
                        agencies.append(part)
                elif is_known_agency(part) or (not _is_role(part) and is_agency(part)):
                    if part not in agencies:
                        agencies.append(part)
                elif _is_role(part) or not names_allowed or slash_index > 0:
                    continue
                else:
                    name = title_case_name(part)
                    single_ok = had_prefix or len(segments) == 1
                    multi_word = len(name.split()) > 1
                    if _is_person(name) and (multi_word or single_ok) and name not in authors:
                        authors.append(name)
    return Byline(authors, agencies)
