"""Split a byline into person names and agency or desk credits, from its parts.

A byline is a sequence of parts joined by connectors (",", ";", "|", "/", "and", "&",
"with"): persons, roles before or after them ("Reporters", "Compiled by", "political
correspondent"), places ("in Haifa", "/Taipei Report", "(Paris, correspondent)"), the
publisher's own names, agencies and desks. Each part is read on its own (what it is once
its role prefix and place suffix are removed), then the connectors decide whether a
name-shaped part after a comma is one more person or a place. Which names are places is the
gazetteer's word (:mod:`newscrawl.normalize.places`, GeoNames); where a name is both a place
and a person's ("Florence", "Jordan", "Las Heras"), its position and connector decide.
"""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal, NamedTuple

from newscrawl.lexicon import alternation, and_words, by_words, languages, month_numbers, words
from newscrawl.lexicon.en import LANGUAGE as ENGLISH
from newscrawl.normalize.dates import is_date_line
from newscrawl.normalize.names import common_given_name, is_given_name
from newscrawl.normalize.places import is_place
from newscrawl.normalize.text import EMAIL, HANDLE, clean_text

__all__ = [
    "Byline",
    "bare_place",
    "is_agency",
    "is_known_agency",
    "is_label",
    "is_place_part",
    "parse_byline",
    "title_case_name",
]


class Byline(NamedTuple):
    """The persons of a byline (title case) and its organisational credits (as printed)."""

    authors: list[str]
    agencies: list[str]


# Words that make a byline part an organisation rather than a person: a desk's or an
# organisation's name, in every language of the lexicon.
_AGENCY_WORDS = frozenset(words("desk") + words("organisation"))
_ORGANISATION_WORDS = frozenset(words("organisation"))
#: Bearers of a given name (see :mod:`newscrawl.normalize.names`) above which a given name
#: before an organisation's word is a person's ("Marc Presse", "Tom Press"): the rarer ones
#: are words outlets are named by ("Sky News": 15,000 people named Sky; "Fox News": 3,500).
_COMMON_GIVEN_NAME = 50_000
# Definite articles that open the names of newspapers ("Le Monde", "The Times").
_ARTICLES = frozenset(
    ["the", "le", "la", "les", "el", "los", "las", "die", "der", "das", "il", "lo", "i", "o"]
)
# Nouns that make a part a role or beat, singular and plural: neither person nor agency. Every
# language's role nouns come from the lexicon ("reporter", "Redakteurin", "redactor"); English
# ones also in the plural with "s" ("Reporters ...": a list of persons follows).
_ROLE_NOUNS = frozenset(words("roles"))
_ROLE_WORDS = _ROLE_NOUNS | {noun + "s" for noun in ENGLISH.roles} | {"cameramen"}
# The labels a page prints by a byline or a date ("Author", "Updated", "Last Modified",
# "Veröffentlicht"), one word each: a part with one is a label, no person. Words of five
# letters or more (a short one can be a given name: Tamil "Paru").
_LABEL_WORDS = frozenset(
    word
    for field in ("writer", "updated", "published")
    for word in words(field)
    if " " not in word and len(word) >= 5
)
# Lower-case particles inside personal names.
_PARTICLES = frozenset(words("particles"))
_ARTICLE_AFTER_PARTICLE = frozenset(["la", "le", "las", "los"])

_URL = re.compile(r"https?://\S+|www\.\S+")
_PAREN = re.compile(r"\(([^()]*)\)")
_LEADING_BRACKET = re.compile(r"^\[([^\]]+)\]")
_BRACKETED = re.compile(r"\[([^\[\]()]*)\]")
_DATE_TAIL = re.compile(r"\s*\|?\s*\b(?:published|posted|updated)\b.*$", re.IGNORECASE)
# The connectors between parts, longest first (", and" is one "and").
# A bullet or a middle dot between parts has a space before it ("Col·lell" is one name).
# "with" in every language of the lexicon ("X com Angop", "X avec AFP").
_CONNECTOR = re.compile(
    r"(\s*,\s*(?:and|&)\s+|\s*[,;|/]\s*|\s+[-\u2013\u2014]\s+|\s+[\u2022\u00b7\u2219\u22c5]\s*"
    rf"|\s+(?:and|&|und|et|{alternation(words('with_'))})\s+)",
    re.IGNORECASE,
)
# The same for a declared source's byline: only the connectors its documented parts use
# (a name such as "Con O'Neill" is no "con" list).
_DECLARED_CONNECTOR = re.compile(
    r"(\s*,\s*(?:and|&)\s+|\s*[,;|/]\s*|\s+(?:and|&|with)\s+)", re.IGNORECASE
)


#: Labels before a byline's names with a colon: a byline's, a writer's, the article's kind, a
#: source's.
_COLON_LABELS = alternation(words("by_label") + words("writer") + words("genre") + words("source"))


# "By", "from", "Compiled by", "A guest post by", "with material from" opening a part.
# A by-word may have a colon ("Por: X"), as may a writer's label ("Autor: X"), the label of
# the article's kind ("Column: X", "Guest commentary: X") and a source's ("Source: AFP").
@cache
def _by_prefix(language: str = "") -> re.Pattern[str]:
    """The pattern of a by-word opening a part, with ``language``'s own by-words
    (:func:`newscrawl.lexicon.by_words`: Catalan "Per" only on a Catalan page)."""
    by_words_alt = by_words(language)
    return re.compile(
        rf"^(?:(?:[^\W\d_]+\s+){{0,3}}by:?|with\s+(?:[^\W\d_]+\s+){{0,2}}(?:from|by)|from"
        rf"|(?:{by_words_alt}):?|(?:{_COLON_LABELS})\s*:)"
        r"\s+(?=\S)",
        re.IGNORECASE,
    )


# A declared source prints only "By", "from", "Compiled by" ("De Luca" stays a name).
_DECLARED_BY_PREFIX = re.compile(r"^(?:(?:[^\W\d_]+\s+){0,2}by:?|from)\s+(?=\S)", re.IGNORECASE)
# "Reporter", "Correspondents", "Political correspondent", "Senior staff writer" opening a
# part, and the same closing it ("Noa Peretz political correspondent").
_ROLE_ALT = alternation(_ROLE_WORDS)
_ROLE_PREFIX = re.compile(
    rf"^(?P<role>(?:[^\W\d_][\w'’-]*\s+){{0,3}}(?P<noun>{_ROLE_ALT}))\b\s*:?\s*", re.IGNORECASE
)
_ROLE_SUFFIX = re.compile(rf"(?:\s+[a-z][\w'’-]*){{0,3}}\s+(?:{_ROLE_ALT})$", re.IGNORECASE)
# A rank before the role ("Anna Berg Senior Reporter"), tried when the longest suffix would
# leave a single name token ("Arab affairs reporter" is a role, "Anna Berg" a person).
_RANK_ROLE_SUFFIX = re.compile(
    r"(?:\s+(?:senior|chief|staff|deputy|special|contributing|executive|managing|associate"
    rf"|assistant|principal|lead|freelance|foreign|political)){{1,2}}\s+(?:{_ROLE_ALT})$",
    re.IGNORECASE,
)
# A role in lower case right after a name ("Kim Min-ji reporter", as machine translation puts
# Korean "{name} 기자"), with its lower-case describing words; case tells it from a role
# phrase in title case ("Middle East Correspondent", "Senior Health Correspondent").
_LOWER_ROLE_SUFFIX = re.compile(rf"(?:\s+[a-z][\w'’-]*){{0,3}}\s+(?:{_ROLE_ALT})$")


# "and" in the lexicon's other languages ("og", "och", "y", "ve", "dan"; "and", "und" and
# "et" are connectors above). Short words that are also name particles ("Ortega y Gasset"),
# so a part is split there only between two whole names.
@cache
def _other_and(language: str = "") -> re.Pattern[str]:
    """The pattern of another language's "and" between names, with ``language``'s own
    ambiguous ones (:func:`newscrawl.lexicon.and_words`: Slovenian "in" only on a Slovenian
    page)."""
    others = (w for w in and_words(language) if w not in ("and", "und", "et"))
    return re.compile(rf"\s+(?:{alternation(others)})\s+", re.IGNORECASE)


# Any language's "and" or "with" opening a part after a comma ("X, Graz, und Y", "X, avec
# AFP"; "X, Y og Z" is split by :func:`_other_and`): the part is joined by "and", not listed.
_WITH_WORDS = frozenset(words("with_"))
_LEADING_AND = re.compile(
    rf"^(?:{alternation(words('and_') + words('with_'))})\s+(?=[^\W\d_])", re.IGNORECASE
)
# "Jane Roe for The Guardian", "Jane Roe on behalf of the Vision Group": the publication or
# the body a person writes for ("For" and "FOR" in a byline printed in title case or
# capitals: "Jane Roe For Dailymail.Com").
_FOR_PUBLICATION = re.compile(
    r"\s+(?:for|For|FOR|on\s+behalf\s+of|On\s+Behalf\s+Of)\s+(?:(?:the|The|THE)\s+)?[A-Z][^,;|/]*$"
)
# " in {Place}" closing a part ("Noa Cohen in Tel Aviv").
_PLACE_SUFFIX = re.compile(r"\s+(?:in|IN)\s+(?=[^\W\d_])\S.*$")
# "in {Place}" or "in {Section}" as a part of its own after a name ("By TPN, in News,
# Portugal": the section the article is filed in): never a credit nor a person.
_PLACE_PART = re.compile(r"^(?:in|IN)\s+(?=[^\W\d_])")
# " from {Place}" closing a part ("Noa Cohen from Tel Aviv"): a place only when the gazetteer
# knows all that follows it ("Noa Cohen from Reuters" is not one).
_FROM_SUFFIX = re.compile(r"\s+(?:from|From|FROM)\s+(?=[^\W\d_])")
_DECLARED_FROM = _FROM_SUFFIX


@cache
def _origin_suffix(language: str = "") -> re.Pattern[str]:
    """ " from {Place}" in any language of the lexicon ("aus Brüssel", "desde Bruselas"); a
    "from" that is also a particle of names (Italian "da": "Giulia da Costa", Portuguese
    "Ana da Rocha") only on a page in the language whose "from" it is ("Marco Rossi da
    Bruxelles" on an Italian page)."""
    particles = frozenset(words("particles"))
    own = {w for lang in languages() if lang.code == language for w in lang.from_}
    chosen = [w for w in words("from_") if w not in particles or w in own]
    return re.compile(rf"\s+(?i:{alternation(chosen)})\s+(?=[^\W\d_])")


# "Taipei Report", "Comprehensive Report", "Special Reports": a desk line.
_DESK = re.compile(r"\breports?$", re.IGNORECASE)
_EDGE_PUNCT = " .,;:-\u2013\u2014|[]\u2022\u00b7"
_CAPS_TOKEN = re.compile(r"^[A-Z]{2,6}(?:-[A-Z]{2,6})?$")
# A Catalan "l·l" is inside a name ("Col·lell").
_NAME_TOKEN = re.compile(r"^(?:[^\W\d_][^\W\d_'’.\-]*(?:['’\-.\u00b7][^\W\d_]*)*\.?)$")
# Lower-case name prefixes: "d'Arcy", "al-Baghdadi", "ha-Levi", "ben-Ami".
_PREFIXED_TOKEN = re.compile(r"^[^\W\d_]{1,4}['’-][^\W\d_]")
_MAX_NAME_TOKENS = 7

Link = Literal["start", "list", "and", "with", "slash"]
Kind = Literal["person", "agency", "publisher", "role", "desk", "place", "other"]


@dataclass(frozen=True)
class _Part:
    """One part of a byline, read on its own."""

    link: Link  # the connector in front of it
    kind: Kind
    text: str  # the person's name (title case) or the credit as printed
    marked: bool = False  # a role, "by" or a place around it says it is a person
    plural_role: bool = False  # "Reporters ...", "..., correspondents": a list of persons
    place: bool = False  # a person-shaped part that the gazetteer knows as a place
    after_from: bool = False  # "from" opened it ("from Tel Aviv", "from Anna Berg")
    # an agency only by its shape, an article then a name ("Le Monde", "DAS NOMONEOV"):
    # the person's name it would be (see :func:`_names_joined_by_and`)
    article_person: str | None = None


@cache
def _agency_list() -> tuple[str, ...]:
    data = pkgutil.get_data("newscrawl", "normalize/agencies.txt") or b""
    lines = (line.strip() for line in data.decode("utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def _known_agencies() -> frozenset[str]:
    return frozenset(line.casefold() for line in _agency_list())


@cache
def _acronyms() -> frozenset[str]:
    """The agencies whose name is an acronym ("SANA", "ANA", "MAP"), case-folded."""
    return frozenset(
        line.casefold() for line in _agency_list() if " " not in line and line.isupper()
    )


def _is_declared_credit(text: str) -> bool:
    """A known agency or an organisation's name ("News agencies"), for a declared source's
    byline. An acronym printed in title case is a name: "Sana" is not SANA, "Ana" not ANA
    (the block prints a whole byline in capitals, or only the names, never an acronym in
    title case)."""
    if is_known_agency(text):
        folded = text.casefold()
        return not (folded in _acronyms() and text[:1].isupper() and text[1:].islower())
    tokens = text.split()
    words = {token.casefold().strip("!.,") for token in tokens}
    # "Editors X", "health editors": a role, not the editors' desk.
    return (
        bool(words & _AGENCY_WORDS)
        and not words & _ROLE_WORDS
        and not _person_with_organisation_word(tokens)
    )


def is_known_agency(name: str) -> bool:
    """Tell whether ``name`` is in the bundled list of agencies (any case).

    >>> is_known_agency("REUTERS"), is_known_agency("Keystone-SDA"), is_known_agency("Press")
    (True, True, False)
    """
    return clean_text(name).strip(_EDGE_PUNCT).casefold() in _known_agencies()


def _person_with_organisation_word(tokens: list[str]) -> bool:
    """A common given name, then an organisation's word as the surname ("Marc Presse",
    "Eli News", "Pedro Press"): a person, where a country, a large city or a rarer word
    before it names an outlet ("France Presse", "Sky News", "Jordan News"). Known agencies
    are asked before. Only a declared source's byline is read so: its documented credits
    are known, while an undeclared publisher's own brand may start with a given name ("Joy
    News" of MyJoyOnline)."""
    if len(tokens) != 2 or tokens[1].casefold().strip("!.,") not in _ORGANISATION_WORDS:
        return False
    first = tokens[0]
    if not (first.isalpha() and first[:1].isupper() and not first.isupper()):
        return False
    return common_given_name(first, _COMMON_GIVEN_NAME)


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
    return _article_named(text)


def _article_named(text: str) -> bool:
    """An article then a capitalised word, the shape of a publication's name ("Le Monde",
    "El País"), though a person's name can start so too ("Las Aaa in Jerusalem")."""
    tokens = text.split()
    return len(tokens) > 1 and tokens[0].casefold() in _ARTICLES and tokens[1][:1].isupper()


def is_label(part: str) -> bool:
    """Tell whether a byline's part holds the label of a byline or a date, which no person's
    name does ("Last Modified", "Page Head Extra Author").

    >>> is_label("Last Modified"), is_label("Senior Reporters"), is_label("Anna Berg")
    (True, False, False)
    """
    return any(word.casefold().strip(".:") in _LABEL_WORDS for word in part.split())


def is_place_part(part: str) -> bool:
    """Tell whether a byline's part after a name is "in" and a place or a section ("By TPN,
    in News, Portugal"; "Ann Lee in <a>Project Management</a>"): what follows "in" is where
    the writer is or where the article is filed, never a credit nor a person.

    >>> is_place_part("in News"), is_place_part("IN Haifa"), is_place_part("Ina Berg")
    (True, True, False)
    """
    return bool(_PLACE_PART.match(part))


def _is_role(part: str) -> bool:
    """A part with a role noun or a label, or opening with a rank: no person ("Political
    Correspondent"; "Senior Life" of "Senior Life and Trends Reporter")."""
    words = part.split()
    return (
        is_label(part)
        or any(word.casefold().strip(".:") in _ROLE_WORDS for word in words)
        or (len(words) > 1 and words[0].casefold() in _RANKS)
    )


#: Ranks before a role ("Senior Reporter", "Deputy Editor"), never a person's first name.
_RANKS = frozenset(words("ranks"))


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
    return " | ".join(kept)


_LEADING_WITH = re.compile(rf"^(?:{alternation(words('with_'))})\s+(?=\S)", re.IGNORECASE)


def _unwrap_parentheses(text: str, declared: bool) -> str:
    """Keep an agency in parentheses as a part of its own; drop places and roles
    ("(Paris, correspondent)"; "(Paris, AFP)" keeps AFP)."""
    credit = _is_declared_credit if declared else is_known_agency

    def replace(match: re.Match[str]) -> str:
        inner = [part for part in re.split(r"\s*[,;/]\s*", match.group(1)) if part.strip()]
        # "(with MAP)": a credit joined by "with", as outside parentheses ("X with AFP")
        inner = [_LEADING_WITH.sub("", part) for part in inner]
        if inner and not declared and all(is_agency(part) for part in inner):
            return ", " + ", ".join(inner)
        kept = [part for part in inner if credit(part)]
        return ", " + ", ".join(kept) if kept else ""

    return _PAREN.sub(replace, text)


def _prepare(text: str, declared: bool = False) -> str:
    cleaned = clean_text(text)
    bracket = _LEADING_BRACKET.match(cleaned)
    if bracket:  # a byline in brackets in front of other text: only the bracket
        cleaned = bracket.group(1)
    cleaned = _URL.sub(" ", HANDLE.sub(" ", EMAIL.sub(" ", cleaned)))
    cleaned = _drop_date_parts(cleaned)
    # A credit in brackets after the name ("Anna Berg [AFP]") reads like one in parentheses.
    cleaned = _BRACKETED.sub(r"(\1)", cleaned)
    cleaned = clean_text(cleaned.replace("[", " ").replace("]", " "))
    return _unwrap_parentheses(cleaned, declared)


def _split(text: str, declared: bool, language: str = "") -> list[tuple[Link, str]]:
    """The parts of a byline with the connector in front of each."""
    pieces = (_DECLARED_CONNECTOR if declared else _CONNECTOR).split(text)
    if not declared:
        pieces = _split_other_ands(pieces, language)
    out: list[tuple[Link, str]] = []
    link: Link = "start"
    for index, piece in enumerate(pieces):
        if index % 2:
            mark = piece.strip().casefold()
            # ";" joins names like "and": it never introduces a place ("X; Y"). A dash
            # before a role ("X - Reporter") is a list mark like ",".
            link = (
                "slash"
                if mark == "/"
                else "list"
                if mark in {",", "|", "-", "\u2013", "\u2014"}
                else "with"
                if mark in _WITH_WORDS
                else "and"
            )
            continue
        piece = piece.strip(_EDGE_PUNCT)
        leading_and = None if declared or link != "list" else _LEADING_AND.match(piece)
        rest = piece[leading_and.end() :] if leading_and else ""
        opener = leading_and.group().split()[0].casefold() if leading_and else ""
        if leading_and and (rest[:1].isupper() or (opener in _WITH_WORDS and is_agency(rest))):
            piece, link = rest, "with" if opener in _WITH_WORDS else "and"
        if not piece:
            continue
        head, agency = _from_agency(piece)
        if head:
            out.append((link if out else "start", head))
        if agency:  # "Jane Roe from Reuters", "Comprehensive Report from AFP"
            out.append(("with" if out else "start", agency))
    return out


def _from_agency(piece: str) -> tuple[str, str]:
    """``piece`` cut before a known agency it ends with after "from", and that agency; else
    ``piece`` and "" ("Noa Cohen from Tel Aviv" is a place, see :func:`_read_part`).

    >>> _from_agency("Jane Roe from Reuters"), _from_agency("Noa Cohen from Tel Aviv")
    (('Jane Roe', 'Reuters'), ('Noa Cohen from Tel Aviv', ''))
    """
    for found in _FROM_SUFFIX.finditer(piece):
        tail = piece[found.end() :].strip(_EDGE_PUNCT)
        if found.start() > 0 and is_known_agency(tail):
            return piece[: found.start()].strip(_EDGE_PUNCT), tail
    return piece, ""


def _split_other_ands(pieces: list[str], language: str = "") -> list[str]:
    """Split the parts of :func:`_split` at another language's "and" between two names.

    >>> _split_other_ands(["Kari Nordmann og Ola Nordmann"])
    ['Kari Nordmann', ' og ', 'Ola Nordmann']
    >>> _split_other_ands(["A cura di Giulia Ferri e Marco Conti"])
    ['A cura di Giulia Ferri', ' e ', 'Marco Conti']
    >>> _split_other_ands(["José Ortega y Gasset"])
    ['José Ortega y Gasset']

    The last may be an agency's name or acronym ("{P} y EFE", "{P} og NTB"):

    >>> _split_other_ands(["José Ramírez y EFE"])
    ['José Ramírez', ' y ', 'EFE']

    So may every one ("EFE y Europa Press", "TASR a ČTK"):

    >>> _split_other_ands(["EFE y Europa Press"])
    ['EFE', ' y ', 'Europa Press']

    ``language``'s own ambiguous "and" too ("in" on a Slovenian page), never before a
    place the gazetteer knows ("Tom Hale in New York"):

    >>> _split_other_ands(["Maja Kovač in Peter Novak"], "sl")
    ['Maja Kovač', ' in ', 'Peter Novak']
    >>> _split_other_ands(["Maja Kovač in New York"], "sl")
    ['Maja Kovač in New York']
    >>> _split_other_ands(["Maja Kovač in Peter Novak"])
    ['Maja Kovač in Peter Novak']
    """
    other_and = _other_and(language)
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            names = other_and.split(piece)
            if len(names) == 1:  # no other language's "and": nothing to test (most bylines)
                out.append(piece)
                continue
            marks = other_and.findall(piece)
            # the first may open with a by-word ("A cura di X e Y", "Por X y Y")
            names_bare = [_by_prefix().sub("", n.strip(_EDGE_PUNCT), count=1) for n in names]
            credits = [_is_credit_token(n.strip(_EDGE_PUNCT)) for n in names]
            whole = len(names) > 1 and all(
                (
                    len(n.split()) > 1
                    and _is_person(title_case_name(names_bare[at]))
                    and not (at and is_place(names_bare[at]))
                )
                or (credits[at] and (at == len(names) - 1 or all(credits)))
                for at, n in enumerate(names)
            )
            if whole:
                for at, name in enumerate(names):
                    if at:
                        out.append(marks[at - 1])
                    out.append(name)
                continue
        out.append(piece)
    return out


def _is_credit_token(text: str) -> bool:
    """A known agency, or a lone acronym in capitals of any alphabet ("EFE", "ABI", "ČTK",
    "БТА")."""
    return (
        is_known_agency(text)
        or bool(_CAPS_TOKEN.match(text))
        or (2 <= len(text) <= 6 and text.isalpha() and text.isupper())
    )


def _is_own_name(folded: str, own_names: set[str]) -> bool:
    """The publisher's name, or one of its credits, with or without a leading article ("The
    Doha Tribune" for "Doha Tribune"; "Walla! news system" for "Walla! news").

    >>> _is_own_name("the doha tribune", {"doha tribune"}), _is_own_name("doha", {"doha tribune"})
    (True, False)
    """
    head, _, rest = folded.partition(" ")
    candidates = (folded, rest) if head in _ARTICLES and rest else (folded,)
    return any(c in own_names or any(c.startswith(n + " ") for n in own_names) for c in candidates)


def _read_part(
    link: Link, raw: str, own_names: set[str], declared: bool, language: str = ""
) -> _Part:
    """What one part is, once its "by", role and place around the name are taken off.

    ``declared``: the byline is built from a declared source's documented parts only, so
    its credits are known agencies, organisation names and the publisher's names, and any
    other name-shaped part is a person (see :func:`parse_byline`). ``language``: the
    publisher's, whose own by-words open a part too.
    """
    text = raw
    marked = plural = False
    # A role or a place around the name ("Reporter X", "X in Jerusalem") only goes with a person.
    person_marked = False
    folded = text.casefold()
    credit = _is_declared_credit if declared else is_known_agency
    # The publisher's names and its own credits ("Walla! news system"): like "Maariv Online"
    # (README), a credit on their own, nothing after a person.
    if _is_own_name(folded, own_names):
        return _Part(link, "publisher", text)
    by_prefix = _DECLARED_BY_PREFIX if declared else _by_prefix(language)
    # a desk's report, whatever words name the desk ("International News Report")
    if _DESK.search(text) and not is_known_agency(text):
        return _Part(link, "desk", text)
    if credit(text):
        by = by_prefix.match(text)
        if by is None or by.end() >= len(text):
            return _Part(link, "agency", text)
        # "By Canadian Press": the credit without its by-word, read below
    if not declared and link != "start" and is_place_part(text):
        return _Part(link, "other", raw)
    after_from = False
    for _ in range(3):  # "Compiled by", "Reporters", "Political correspondent" in any order
        by = by_prefix.match(text)
        role = _ROLE_PREFIX.match(text)
        if by and by.end() < len(text):
            after_from = after_from or by.group().split()[0].casefold() == "from"
            text, marked = text[by.end() :], True
        elif role and role.end() < len(text) and text[role.end()][:1].isupper():
            plural = plural or role["noun"].casefold() not in _ROLE_NOUNS
            text, marked, person_marked = text[role.end() :], True, True
        else:
            break
    if marked and _is_own_name(text.casefold(), own_names) and not _is_role(text):
        # "By Le360": the publisher's own credit ("By Standard Reporter" is a role)
        return _Part(link, "publisher", text)
    # Whether the whole part is a place ("Tel Aviv", "from Zürich"), asked before an " in "
    # inside a place's own name ("Neumarkt in der Oberpfalz") is cut off as a place suffix.
    known_place = is_place(text.strip(_EDGE_PUNCT))
    place = _PLACE_SUFFIX.search(text)
    place_cut = place is not None and place.start() > 0
    if place is not None and place_cut:
        text, marked, person_marked = text[: place.start()], True, True
    if not known_place:
        for origin in (_DECLARED_FROM if declared else _origin_suffix(language)).finditer(text):
            if origin.start() > 0 and is_place(text[origin.end() :].strip(_EDGE_PUNCT)):
                text, marked, person_marked = text[: origin.start()], True, True
                place_cut = True
                break
    if not declared and not known_place and not place_cut:
        head = _name_before_city(text)
        if head:
            text, marked, person_marked = head, True, True
    if place_cut and not declared:
        text = _without_verb(text)
    if not declared:
        publication = _FOR_PUBLICATION.search(text)
        if publication and publication.start() > 0:
            text, marked, person_marked = text[: publication.start()], True, True
    for pattern in (_ROLE_SUFFIX, _RANK_ROLE_SUFFIX, _LOWER_ROLE_SUFFIX):
        suffix = pattern.search(text)
        head = text[: suffix.start()] if suffix else ""
        if suffix and len(head.split()) > 1 and _is_person(head):  # not "Senior Editor"
            plural = plural or suffix.group().split()[-1].casefold() not in _ROLE_NOUNS
            text = head
            break
    text = text.strip(_EDGE_PUNCT)
    if not text:
        return _Part(link, "other", raw)
    if person_marked and not declared and not place_cut and bare_place(text):
        return _Part(link, "place", text)  # "Staff Correspondent Dhaka": a role, a city
    first, _, rest = text.partition(" ")
    if first.casefold().strip(".:") in _LABEL_WORDS and len(rest.split()) > 1:
        text = rest  # a label without its colon before a name ("Autor Jan Nowak")
    if _is_role(text):
        words = text.split()
        return _Part(link, "role", text, plural_role=words[-1].casefold() not in _ROLE_NOUNS)
    name = title_case_name(text)
    if declared:
        # The declared credits are known by name: "Las Heras" is a person there.
        if credit(text):
            return _Part(link, "agency", text)
    else:
        overruled = person_marked and _article_named(text) and _is_person(name)
        # A known place after another part ("X, Los Angeles", "X, NYC") is no publication
        # nor acronym: :func:`_places` decides between place and person.
        overruled = overruled or (known_place and link != "start" and _is_person(name))
        if is_known_agency(text) or (is_agency(text) and not overruled):
            # only the shape of a publication's name says so, no word of a desk's or an
            # organisation's: what it is joined to decides (:func:`_names_joined_by_and`)
            shape_only = (
                _article_named(text)
                and not {w.casefold().strip("!.,") for w in text.split()} & _AGENCY_WORDS
                and _is_person(name)
            )
            return _Part(link, "agency", text, article_person=name if shape_only else None)
    if _is_person(name):
        return _Part(link, "person", name, marked, plural, known_place, after_from)
    return _Part(link, "other", raw)


def _name_before_city(text: str) -> str:
    """The name in front of a city printed after it without a connector, where case or an
    acronym between them tells the two apart: a city in capitals after a name in mixed case
    ("Suhasini Haidar NEW DELHI", a dateline), or a city after an organisation's acronym
    ("Sasa Dragojlo BIRN Belgrade": the person's network and bureau, no credit of the
    article); "" where there is none. A city's name in a name's own case stays a name
    ("Anna Maria Florence"), as does a name in capitals throughout ("JUAN DE LA CRUZ").

    >>> _name_before_city("Suhasini Haidar NEW DELHI")
    'Suhasini Haidar'
    >>> _name_before_city("Sasa Dragojlo BIRN Belgrade")
    'Sasa Dragojlo'
    >>> _name_before_city("Anna Maria Florence"), _name_before_city("JUAN DE LA CRUZ")
    ('', '')
    """
    tokens = text.split()
    for size in (3, 2, 1):
        tail, head = tokens[-size:], tokens[:-size]
        city = " ".join(tail)
        if len(head) < 2 or not is_place(city) or is_known_agency(city):
            continue
        # a city in capitals (no initial: "Matt De La O"), after a name in mixed case
        capitals = all(t.isupper() and len(t) > 1 for t in tail)
        if _CAPS_TOKEN.match(head[-1]) and len(head) > 2:
            head = head[:-1]  # the person's network between the name and the city
        elif not capitals:
            continue
        name = " ".join(head)
        if any(ch.islower() for ch in name) and _is_person(name):
            return name
    return ""


#: Lower-case words closing a name before its place ("X reports from Berlin", "X is
#: reporting in Kyiv"): a verb, no particle of a name.
_TRAILING_LOWER = re.compile(r"(?:\s+[a-z][a-z'’-]*){1,2}$")


def _without_verb(text: str) -> str:
    """``text`` without the lower-case words that close it before a place was cut off ("Anna
    Berg reports" of "Anna Berg reports from Berlin"), where a whole name is left; a name's
    lower-case words are its particles ("Ludwig van", "Ana da") and stay.

    >>> _without_verb("Anna Berg reports"), _without_verb("Tom Wyss is reporting")
    ('Anna Berg', 'Tom Wyss')
    >>> _without_verb("Ana da"), _without_verb("Jan van")
    ('Ana da', 'Jan van')
    """
    tail = _TRAILING_LOWER.search(text)
    if tail is None or any(
        word in _PARTICLES or word in _ROLE_WORDS for word in tail.group().split()
    ):
        return text
    head = text[: tail.start()]
    return head if len(head.split()) > 1 and _is_person(head) else text


def _continues_names(parts: list[_Part], index: int) -> bool:
    """Whether the person-shaped part after a comma at ``index`` is one more person: it
    belongs to a list "X, Y and Z" (or "X, Y, correspondents", "X, Y/Taipei Report")."""
    for part in parts[index + 1 :]:
        if part.kind == "place":  # "X, Tel Aviv, Y and Z": the place is X's
            continue
        if part.link in ("and", "with") and part.kind in ("person", "agency"):  # "X, Y and AAP"
            return True
        if part.kind == "role" and part.plural_role and part.link == "list":
            return True
        if part.kind == "desk" and part.link == "slash":
            return True
        if part.link != "list" or part.kind != "person":
            return False
    return False


def _next_person(parts: list[_Part], index: int) -> bool:
    """Whether the whole name after a comma at ``index`` is one more person: it follows a
    person and is neither a place the gazetteer knows nor a credit ("Rūta Kazlauskienė,
    Tomas Petrauskas"; "Anna Berg, Buenos Aires" is a place, "Anna Berg, El País" a credit)."""
    part, before = parts[index], parts[index - 1]
    return (
        before.kind == "person"
        and len(part.text.split()) > 1
        and not part.place
        and not _article_named(part.text)
    )


#: Credit labels of every language ("Photos", "Bild"): no agency's name.
_CREDIT_WORDS = frozenset(words("credit"))


def _lone_credit(parts: list[_Part], index: int, authors: list[str]) -> bool:
    """Whether the one word after a comma that ends a byline, after a person ("Marko Petrović,
    Beta"), is an agency no list knows: a capitalised word that is no place (see
    :func:`_places`), no given name (then it is one more person's first name: "Anna Berg,
    Petra") and no credit label ("Photos").

    >>> parse_byline("Marko Petrović, Beta")
    Byline(authors=['Marko Petrović'], agencies=['Beta'])
    >>> parse_byline("Anna Berg, Berlin, Beta")
    Byline(authors=['Anna Berg'], agencies=['Beta'])
    >>> parse_byline("Anna Berg, Petra"), parse_byline("Anna Berg, Photos")
    (Byline(authors=['Anna Berg'], agencies=[]), Byline(authors=['Anna Berg'], agencies=[]))
    """
    part = parts[index]
    word = part.text
    # after the person, or after the person's city ("Olena Kovalenko, Київ, Укрінформ")
    before = [p.kind for p in parts[max(index - 2, 0) : index]]
    return (
        index == len(parts) - 1
        and not part.marked
        and bool(authors)
        and (before[-1:] == ["person"] or before == ["person", "place"])
        and word[:1].isupper()
        and word.isalpha()
        and word not in authors
        and not is_given_name(word)
        and word.casefold() not in _CREDIT_WORDS
    )


def _lone_word(parts: list[_Part]) -> bool:
    """Whether the byline is one capitalised word, unmarked, that is no given name or place."""
    part = parts[0]
    word = part.text
    return (
        len(parts) == 1
        and not part.marked
        and not part.place
        and word[:1].isupper()
        and word.isalpha()
        and not is_given_name(word)
        and not is_place(word)
        and word.casefold() not in _CREDIT_WORDS
    )


def _places(parts: list[_Part]) -> list[_Part]:
    """The parts with each city or country after a name made a place: position and
    connector decide what the gazetteer cannot (a place's name is often a person's too).

    - after "from" in the middle of a byline ("X, from Tel Aviv", "X from Zürich" is read
      in :func:`_read_part`): a person is never introduced by "from" there;
    - after a comma, a place's name of several words ("X, Buenos Aires"), or of one word
      after a whole name ("Anna Berg, Florence") or after a place ("X, Haifa, Israel");
      after a lone given name a word stays a person ("Noa, Florence" lists two);
    - after a comma that follows what belongs to a person already named, the publisher, a
      role or an agency ("X, Walla! news, Jerusalem", "X, correspondent, Haifa");
    - after "and" that follows a place ("X, Washington and New York").

    A place's name in a name's position (first, after "and", or inside a longer name:
    "Paris Hilton", "Florence and Jack London") is never looked at.
    """
    out: list[_Part] = []
    for index, part in enumerate(parts):
        if part.kind == "person" and part.place and index:
            before = out[-1]
            after_name = before.kind == "person" and (
                len(part.text.split()) > 1 or len(before.text.split()) > 1
            )
            after_credit = before.kind in ("publisher", "role", "agency") and any(
                earlier.kind == "person" for earlier in out
            )
            # "X, Washington and New York": a place joined to a place is one more
            after_place = before.kind == "place" and part.link in ("list", "and")
            if (
                part.after_from
                or after_place
                or (part.link == "list" and (after_name or after_credit))
            ):
                part = replace(part, kind="place")
        out.append(part)
    return out


def _names_joined_by_and(parts: list[_Part]) -> list[_Part]:
    """The parts with each one that only the shape of a publication's name made an agency (an
    article then a capitalised word: "Le Monde", "Das Erste") made a person where persons
    follow it in a list of names ("DAS NOMONEOV & LACEY KASEN", "Le Nguyen and Tom Wyss",
    "Il Kim, Ana Lopes & Tom Wyss", "By Lo Vihaski, Cheyenne Peranen"): many given and
    family names are an article of some language too (Vietnamese "Le", Korean "Il",
    Bengali "Das", Armenian "Der", Chinese "Lo"), and a byline names its credits after its
    persons, never before them ("Anna Berg and El País", "Anna Berg, El País": a credit).

    >>> parse_byline("DAS NOMONEOV & LACEY KASEN")
    Byline(authors=['Das Nomoneov', 'Lacey Kasen'], agencies=[])
    >>> parse_byline("Reporting by Lo Vihaski-Niova, Cheyenne Peranen")
    Byline(authors=['Lo Vihaski-Niova', 'Cheyenne Peranen'], agencies=[])
    >>> parse_byline("Anna Berg and El País"), parse_byline("Le Monde")
    (Byline(authors=['Anna Berg'], agencies=['El País']), Byline(authors=[], agencies=['Le Monde']))
    """
    out = list(parts)
    for index, part in enumerate(parts):
        if part.article_person is not None and _in_list_of_persons(parts, index):
            out[index] = replace(part, kind="person", text=part.article_person)
    return out


def _in_list_of_persons(parts: list[_Part], index: int) -> bool:
    """Whether the part at ``index`` is followed by persons in names joined by commas and
    "and" ("X and Y", "X, Y and Z"): whole names that are no place, or of a name's shape like
    it, and no other part among them."""
    start = index
    while start > 0 and parts[start].link in ("list", "and"):
        start -= 1
    end = index + 1
    while end < len(parts) and parts[end].link in ("list", "and"):
        end += 1
    run = parts[start:end]
    after = parts[index + 1 : end]
    return (
        any(p.kind == "person" for p in after)
        and all(
            p.article_person is not None
            or (p.kind == "person" and len(p.text.split()) > 1 and not p.place)
            for p in after
        )
        and all(p.kind == "person" or p.article_person is not None for p in run[: index - start])
    )


def parse_byline(
    text: str,
    publishers: Sequence[str] = (),
    *,
    declared: bool = False,
    lone_word_agency: bool = False,
    language: str = "",
) -> Byline:
    """Split a byline into authors and agencies.

    ``publishers`` are the publisher's own names: after a person they are
    dropped ("Noa Dahan, Walla! news"), on their own they are a credit
    ("Maariv Online"). Roles and beats, singular or plural, before or after
    the names ("political correspondent", "Reporters", "Compiled by"), desks
    ("Comprehensive Report", "/Taipei Report"), places ("in Haifa", "(Paris,
    correspondent)") are neither. A name-shaped part after a comma is one
    more person inside a list ("X, Y and Z", "Reporters X, Y"), else a place
    ("By Anna Berg, Berlin").

    ``declared``: the byline is a declared source's (:mod:`newscrawl.sources`), whose
    documented parts are closed: places as "in {City}", "({City}, ...)", "/{City} Report"
    or a city after a name (below), credits only the publisher's names, known agencies and
    organisation names ("News agencies"), connectors only ``, ; | / and & with``. Every
    other name-shaped part is then a person: after a comma ("X, Y, Walla! news"), of one
    token ("Noa, Walla! news"), or starting like a publication's name ("Las Heras").

    ``lone_word_agency``: a byline that is one capitalised word and nothing else, no given
    name and no place, is an agency ("Beta", "Fena": a person signs with a whole name). For a
    publisher's source block, where the byline line is known to be one; not for a generic
    page's credit lines, where one word is often a login ("Admin").

    >>> parse_byline("Beta", lone_word_agency=True), parse_byline("Beta")
    (Byline(authors=[], agencies=['Beta']), Byline(authors=['Beta'], agencies=[]))
    >>> parse_byline("Petra", lone_word_agency=True)
    Byline(authors=['Petra'], agencies=[])

    ``language``: the publisher's (ISO 639-1), where known; its by-words that are a given
    name elsewhere open a byline too (:func:`newscrawl.lexicon.by_words`).

    >>> parse_byline("Per Marta Vila i Pere Soler", language="ca")
    Byline(authors=['Marta Vila', 'Pere Soler'], agencies=[])
    >>> parse_byline("Per Olsen og Anna Berg", language="nb")
    Byline(authors=['Per Olsen', 'Anna Berg'], agencies=[])

    In both modes a city or country after a name is a place, not a person
    (:func:`_places`): "{P}, {City}", "{P}, from {City}", "{P} from {City}", "from {P},
    {City}", where the gazetteer knows the city (any city of 15,000 inhabitants or more,
    with or without accents). A place's name in a name's position stays a name ("Paris
    Hilton", "Florence and Jack London").

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
    >>> parse_byline("Noa Cohen in Haifa")
    Byline(authors=['Noa Cohen'], agencies=[])
    >>> parse_byline("[Reporters Lin Kuan-yu, Chen Mei-ling/Tainan Report]")
    Byline(authors=['Lin Kuan-yu', 'Chen Mei-ling'], agencies=[])
    >>> parse_byline("[Correspondent Lin Kuan-yu/Tokyo Report]")
    Byline(authors=['Lin Kuan-yu'], agencies=[])
    >>> parse_byline("By Anna Berg, El País")
    Byline(authors=['Anna Berg'], agencies=['El País'])
    >>> parse_byline("Noa Dahan, Eli Levi, Walla! news", ["Walla! news"], declared=True)
    Byline(authors=['Noa Dahan', 'Eli Levi'], agencies=[])
    >>> parse_byline("Sana and Ana Levi/AP", declared=True)
    Byline(authors=['Sana', 'Ana Levi'], agencies=['AP'])
    >>> parse_byline("Noa Dahan, Tel Aviv, Walla! news", ["Walla! news"], declared=True)
    Byline(authors=['Noa Dahan'], agencies=[])
    >>> parse_byline("from Jürg Wyss and Anna Berg, from São Paulo", declared=True)
    Byline(authors=['Jürg Wyss', 'Anna Berg'], agencies=[])
    >>> parse_byline("Florence Welch, Florence and Jack London from Zürich", declared=True)
    Byline(authors=['Florence Welch', 'Jack London'], agencies=[])
    >>> parse_byline("LAS HERAS", declared=True)
    Byline(authors=['Las Heras'], agencies=[])
    """
    own_names = {clean_text(name).casefold() for name in publishers if name.strip()}
    # "Guardian Nigeria" for "The Guardian Nigeria": the name without its article
    own_names |= {name.split(" ", 1)[1] for name in own_names if name.startswith("the ")}
    if not declared:  # a declared byline prints persons where it stands ("Las Heras")
        text = _without_dateline(text, own_names)
    # The publisher's own name after the names, cut off whole first: its words may hold a
    # connector ("By X, Bosnia and Herzegovina Sentinel").
    text, own_tail = _cut_own_name(text, own_names)
    parts = _names_joined_by_and(
        _places(
            [
                _read_part(link, raw, own_names, declared, language)
                for link, raw in _split(_prepare(text, declared), declared, language)
            ]
        )
    )
    authors: list[str] = []
    agencies: list[str] = []
    credits: list[str] = []  # the publisher's own names: a credit only without persons
    listing = False  # inside "Reporters X, Y": comma parts are persons
    for index, part in enumerate(parts):
        if part.link == "slash":
            listing = False
        if part.kind == "person":
            multi_word = len(part.text.split()) > 1
            if declared:  # a name-shaped part that is no documented credit is a person
                ok = True
            elif part.link == "start":
                ok = multi_word or part.marked or len(parts) == 1
                if ok and lone_word_agency and _lone_word(parts):
                    ok = False
                    agencies.append(part.text)  # "Beta": an agency no list knows
            elif part.link in ("and", "with"):
                ok = multi_word or part.marked
                if (
                    not ok
                    and part.link == "with"
                    and authors
                    and part.text[:1].isupper()
                    and not is_given_name(part.text)
                ):
                    agencies.append(part.text)  # "X, com Angop": "with" credits an agency
            elif part.link == "list":
                ok = (multi_word or part.marked) and (
                    listing
                    or part.marked
                    or _continues_names(parts, index)
                    or _next_person(parts, index)
                )
                if not ok and _lone_credit(parts, index, authors):
                    agencies.append(part.text)  # "X, Beta": an agency no list knows
            else:  # after "/" only credits and desks follow a name
                ok = False
                if (
                    not multi_word
                    and not part.marked
                    and not part.place  # "X / Berlin": the person's city
                    and part.text not in agencies
                ):
                    agencies.append(part.text)  # "X / Ukrinform": an agency no list knows
            if ok and part.text not in authors:
                authors.append(part.text)
            listing = listing or (ok and part.plural_role)
        elif part.kind == "agency" and part.text not in agencies:
            agencies.append(part.text)
        elif part.kind == "publisher" and part.link == "and" and authors:
            if part.text not in agencies:  # "X and Le Monde with AFP": a joint credit
                agencies.append(part.text)
        elif part.kind == "publisher" and part.text not in credits:
            credits.append(part.text)
        elif part.kind == "role" and part.plural_role and part.link == "start":
            listing = True
    if own_tail and own_tail not in credits:
        credits.append(own_tail)
    if not authors:
        agencies = [*credits, *(a for a in agencies if a not in credits)]
    return Byline(authors, _with_abbreviations(agencies, text))


def _with_abbreviations(agencies: list[str], text: str) -> list[str]:
    """``agencies`` with an organisation's abbreviation printed after its name in parentheses
    kept with it, as printed ("African News Agency (ANA)", "Press Trust of India (PTI)").

    >>> _with_abbreviations(["African News Agency", "ANA"], "African News Agency (ANA)")
    ['African News Agency (ANA)']
    >>> _with_abbreviations(["Reuters", "AP"], "Reuters (AP)")
    ['Reuters', 'AP']
    """
    out: list[str] = []
    for name in agencies:
        if out and f"{out[-1]} ({name})" in text and name.isupper():
            initials = "".join(w[0] for w in re.split(r"[\s-]+", out[-1]) if w[:1].isupper())
            if initials == name:
                out[-1] = f"{out[-1]} ({name})"
                continue
        out.append(name)
    return out


#: A dash between spaces: what joins a dateline's place, or the publisher's name, to a byline.
_DASH = re.compile(r"\s+[-\u2013\u2014]\s+")


def bare_place(text: str) -> bool:
    """A place's name that is no given name and no agency's ("ISTANBUL", "Brasília"; not
    "Florence", "Xinhua")."""
    return is_place(text) and not is_given_name(text) and not is_known_agency(text)


def _without_dateline(text: str, own_names: set[str]) -> str:
    """``text`` without a place or the publisher's own name that a dash joins to it ("WARSAW
    - Marta Nowak", "Hespress - Youssef El Amrani", "Marta Nowak - Warsaw"); a byline that is
    a place alone names no one (a dateline printed where the byline stands).

    >>> _without_dateline("WARSAW - Marta Nowak", set()), _without_dateline("ISTANBUL", set())
    ('Marta Nowak', '')
    >>> _without_dateline("Hespress - Youssef El Amrani", {"hespress"})
    'Youssef El Amrani'
    >>> _without_dateline("Anna Berg - Reuters", set()), _without_dateline("Florence", set())
    ('Anna Berg - Reuters', 'Florence')
    """
    text = text.strip()
    parts = _DASH.split(text, maxsplit=1)
    if len(parts) == 2:
        head, tail = (part.strip() for part in parts)
        if head and tail and (bare_place(head) or head.casefold() in own_names):
            return tail
        if head and tail and _dateline(head):
            # "Dakar, Jan 10 (APS) - X": the agency in the dateline credits the article
            credits = _PAREN.findall(head)
            return " ".join([tail, *(f"({credit})" for credit in credits)])
        if head and tail and bare_place(tail):
            return head
    return "" if bare_place(text) or _dateline(text) else text


#: A day and a month without a year ("Jan 10", "10 janvier"), as a wire's dateline prints it.
_DAY_MONTH = re.compile(
    rf"^(?:(?:{alternation(month_numbers())})\.?\s+\d{{1,2}}|\d{{1,2}}\.?\s+(?:{alternation(month_numbers())}))$",
    re.IGNORECASE,
)
#: A region's or a country's code after a city ("Santo Domingo, RD", "Portland, OR").
_REGION_CODE = re.compile(r"^[A-Z]{2}$|^(?:[A-Z]\.){2,3}$")


def _dateline(text: str) -> bool:
    """Whether ``text`` is a dateline printed where a byline stands: a city the gazetteer
    knows, then its region's code or a date, an agency in parentheses, after commas ("Santo
    Domingo, RD", "Dakar, Jan 10 (APS)"); no person's name nor agency's. A city and another
    place is no dateline: a city's name is a person's too ("Las Heras, Nyêmo").

    >>> _dateline("Santo Domingo, RD"), _dateline("Dakar, Jan 10 (APS)"), _dateline("Dakar")
    (True, True, False)
    >>> _dateline("Anna Berg, AP"), _dateline("Paris, AP"), _dateline("Las Heras, Nyêmo")
    (False, False, False)
    """
    pieces = [piece.strip() for piece in _PAREN.sub("", text).split(",")]
    if len(pieces) < 2 or not bare_place(pieces[0]):
        return False
    return all(
        _DAY_MONTH.match(piece)
        or is_date_line(piece)
        or (_REGION_CODE.match(piece) and not is_known_agency(piece))
        for piece in pieces[1:]
    )


#: What puts the publisher's name after a byline's names.
_OWN_NAME_SEPARATOR = re.compile(r"\s*(?:,|/|\|)\s*$")


def _cut_own_name(text: str, own_names: set[str]) -> tuple[str, str | None]:
    """``text`` without a publisher's name (one of ``own_names``, case-folded) that ends it
    after a comma, a slash or a bar, and that name as printed; only a name with a lower-case
    connector inside needs it ("Bosnia and Herzegovina Sentinel"), the others are read as
    parts.

    >>> _cut_own_name("By Ana Lopes, Bosnia and Herzegovina Sentinel",
    ...               {"bosnia and herzegovina sentinel"})
    ('By Ana Lopes', 'Bosnia and Herzegovina Sentinel')
    >>> _cut_own_name("Ana Lopes, Walla! news", {"walla! news"})
    ('Ana Lopes, Walla! news', None)
    >>> _cut_own_name("Trinidad and Tobago Guardian", {"trinidad and tobago guardian"})
    ('', 'Trinidad and Tobago Guardian')
    """
    folded = text.casefold()
    for name in sorted(own_names, key=len, reverse=True):
        if " " not in name or not any(w in _CONNECTORS_IN_NAMES for w in name.split()):
            continue
        if folded.strip() == name:
            return "", text.strip()  # the publisher's name alone: its credit
        if folded.endswith(name):
            head = text[: len(text) - len(name)]
            separator = _OWN_NAME_SEPARATOR.search(head)
            if separator and head[: separator.start()].strip():
                return head[: separator.start()], text[len(head) :]
    return text, None


#: Lower-case words that join a publication's name's words ("Trinidad and Tobago Guardian").
_CONNECTORS_IN_NAMES = frozenset(words("and_")) | {"&"}
