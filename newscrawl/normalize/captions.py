"""Split a figure caption into its text and its photo credit."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from newscrawl.lexicon import BY_WORDS, alternation, words
from newscrawl.normalize.bylines import is_agency, is_known_agency
from newscrawl.normalize.names import person_named
from newscrawl.normalize.places import is_place
from newscrawl.normalize.text import clean_text

__all__ = [
    "CREDIT_LABEL",
    "Caption",
    "caption_before",
    "element_video_credit",
    "labelled_credit",
    "split_caption",
    "unlabelled_credit",
]


class Caption(NamedTuple):
    """A caption's text and its credit as printed; either may be None."""

    caption: str | None
    credit: str | None


_VIDEO_PREFIX = re.compile(r"^\s*(?:in\s+(?:the\s+)?)?video\s*:\s*", re.IGNORECASE)
#: Labels of a credit in every language of the lexicon ("Photo", "Foto", "Bild", "Source",
#: "Photo credit"); "Foto/Video" as some sites print it.
_LABELS = words("credit") + words("source") + ("foto/video",)
CREDIT_LABEL = (
    rf"(?:(?:{alternation(words('credit'))})\s+(?:{alternation(words('credit') + words('source'))})"
    rf"|{alternation(_LABELS)})"
)
_KEYWORD = rf"(?i:{CREDIT_LABEL})"
#: The same labels capitalised: after a caption's text only a capital starts a credit
#: ("...in NetanyaPhoto: EPA"), not a word of the sentence.
_CAPITALISED = (
    rf"(?:{alternation(label[:1].upper() + label[1:] for label in _LABELS)})"
    rf"(?:\s+(?i:{alternation(words('credit') + words('source'))}))?"  # "Photo credit"
)
# Korean and Japanese captions end with the credit in brackets: "[사진 = 연합뉴스]" ("photo"),
# "[사진 출처 = X]" ("photo source"), "（山田太郎撮影）" ("photographed by").
_CJK_LABELLED = re.compile(
    r"^(?P<text>.+?)[\s.]*[\[［(（]\s*(?:사진\s*(?:출처|제공)?|출처|写真提供)\s*[=＝:：]\s*"
    r"(?P<credit>[^\[\]［］()（）]+?)\s*[\]］)）]$"
)
_CJK_TAKEN_BY = re.compile(r"^(?P<text>.+?)\s*[(（](?P<credit>[^()（）]{1,30}?)\s*撮影[)）]$")
# Japanese captions also end "…（Ｃ）共同通信社" (a copyright sign) or "…＝ＡＰ" (an agency after
# the "＝" that otherwise introduces a date or a place: "国旗＝同国で2019年5月").
_COPYRIGHT_PARENS = re.compile(
    r"^(?P<text>.+?)\s*[(（][CcＣｃ][)）]\s*(?P<credit>[^()（）＝]{1,40})$"
)
_EQUALS_AGENCY = re.compile(r"^(?P<text>.+?)\s*＝\s*(?P<credit>[^＝()（）、，,]{1,30})$")
#: The year of a copyright sign ("© 2022 Jane Roe"): the notice's, not the credit's.
_COPYRIGHT_YEAR = r"(?:\s*(?:19|20)\d\d\b,?(?=\s+\S))?"
#: A capital opening the credit after an abbreviated label ("Fot. Reuters").
_CAPITAL_LEAD = "[A-Z\u00c0-\u00de\u0100-\u024f\u0400-\u042f\u0391-\u03a9]"
# "Photo: X" / "Photo by X" / "© X" opening a line or a parenthesis (an abbreviated label
# keeps its dot: "Φωτ.: X").
_CREDIT_LEAD = re.compile(
    rf"^(?:{_KEYWORD}\.?\s*(?::|=|/(?!\s*video)|(?:(?:provided|supplied)\s+)?by\b|courtesy\s+of\b)"
    rf"|{_KEYWORD}\.\s+(?=(?-i:{_CAPITAL_LEAD}))"  # an abbreviated label: "Fot. Reuters"
    r"|(?:provided|supplied)\s+by\b|courtesy\s+of\b"  # "(Provided by Sapporo city)"
    rf"|(?:{_KEYWORD}\s*)?©{_COPYRIGHT_YEAR})\s*(?P<credit>.+)$",
    re.IGNORECASE,
)
#: A capital letter of the Latin, Cyrillic or Greek alphabet: a name after a "by" of another
#: language ("Foto di Mario Rossi"; "Foto di gruppo" is the caption's text).
_CAPITAL = "[A-Z\u00c0-\u00de\u0100-\u024f\u0400-\u042f\u0391-\u03a9]"
# The same after the caption text, separated by "|", spaces or nothing at all
# (ynet's "<br>" disappears in some copies: "...in NetanyaPhoto: EPA"); "by" there in any
# language ("Foto di Mario Rossi", "Foto von Anna Berg").
_CREDIT_TAIL = re.compile(
    rf"^(?P<text>.*?)\s*(?:\|\s*)?(?:(?<![^\W\d_])|(?<=[a-z0-9.,;)\]]))"
    rf"(?:{_CAPITALISED}\.?\s*(?::|/|by\b|courtesy\s+of\b|(?i:{BY_WORDS})\s+(?={_CAPITAL}))|(?:{_CAPITALISED}\s*)?©{_COPYRIGHT_YEAR}"
    # a video's credit after its caption's text: "{text} | Video: Reuters" (a line that
    # opens with "Video:" is a title, see _VIDEO_PREFIX)
    rf"|(?<=\S\s)(?:\|\s*)?Videos?\s*:(?=\s*(?:{_CAPITAL}|[a-z]+(?:\s*/|$)|\S*[A-Z]))"
    # a label in capitals after a sentence: "Ice on the Danube. FOTO: Agerpres", or after
    # a word of lower-case text: "Crowds in Kampala PHOTO/FILE", "...the airport PHOTO | FILE"
    rf"|(?<=[.!?]\s)(?:{alternation(label.upper() for label in _LABELS)})\s*:"
    rf"|(?<=[a-z0-9,;)\]]\s)(?:{alternation(label.upper() for label in _LABELS)})\s*[:/|]"
    # a label in any case after a bar: "Floods in Prague | photo: ČTK"
    rf"|(?<=\|\s)(?i:{alternation(_LABELS)})\s*:"
    # "... at the press conference. Courtesy of the ministry"
    r"|(?<=[.!?]\s)(?:Courtesy\s+of|(?:Provided|Supplied)\s+by)\b)"
    r"\s*(?P<credit>[^()]+)$",
)
#: A label and a colon opening a credit: "PHOTO: AFP" (found as a sentence in capitals).
_LABEL_COLON = re.compile(rf"^{_KEYWORD}\s*:\s*(?P<credit>.+)$")
#: A video's credit in parentheses after its caption: "(Video: Hina)". Only there: elsewhere
#: "Video:" opens a title ("Video: Storm hits the coast"), see _VIDEO_PREFIX.
_VIDEO_CREDIT = re.compile(r"^videos?\s*:\s*(?P<credit>.+)$", re.IGNORECASE)
_TRAILING_PAREN = re.compile(
    r"^(?P<text>.*?)\s*(?:\((?P<inner>[^()]+)\)|\[(?P<square>[^\[\]]+)\])\s*\.?$"
)
#: "... via {agency}" closing a credit in parentheses.
_VIA = re.compile(r"\bvia\s+(?P<agency>[^()/]+?)\s*$", re.IGNORECASE)
#: A credit after a bar or a dash between spaces, ending the caption.
_SEPARATED_CREDIT = re.compile(
    r"^(?P<text>.*\S)\s+[|\u2013\u2014-]\s+(?P<credit>[^|\u2013\u2014.!?]+?)\.?$"
)
#: "{text} / BNS", "{text} | LRT": an agency's name or an acronym after a slash or a bar
#: between spaces, asked after every other form ("LOU BENOIST / AFP" is one credit).
_SLASHED_AGENCY = re.compile(r"^(?P<text>.*[^\s/|])\s+[/|]\s+(?P<credit>[^/|.!?]+?)\.?$")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_GLUED_SLASH = re.compile(r"^(?P<text>.*[^\s/])\s+/(?P<credit>[^\W\d_][^/]*)$")
_LAST_SENTENCE = re.compile(r"^(?P<text>.+[.!?…][\"”’)]?)\s+(?P<credit>[^.!?…]+)$")
# Where a sentence of the caption may end and a credit in capitals begin.
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]?\s+")
# A full stop that is no initial ("J.", "J.R." and "Jr." are initials).
_NOT_INITIAL = re.compile(r"(?:^|[^\w.])(?![JS]R\.)\w{2,}\.|(?:^|\s)\.", re.IGNORECASE)
# "John Doe / Getty Images" at the end of a caption without a full stop.
_SLASH_CREDIT = re.compile(
    r"^(?P<text>.*?)\s+(?P<credit>(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*\s*/\s*"
    r"[A-Z][\w'’.&-]*(?:\s+(?:[A-Z(][^\s/]*|(?:of|de|del|di|du|und|and|via|&)))*)$"
)  # after the slash, capitalised words (an organisation's "of"): "Basel / Mulhouse after" is text


#: A credit printed before the caption: "Foto: Oliver Berg/dpa / Children at a fountain",
#: "Video: ČTK / The river rises": a credit label, the credit, a slash between spaces, the
#: caption.
_CREDIT_FIRST = re.compile(rf"^(?:{_KEYWORD}|videos?)\s*:\s*(?P<rest>\S.*)$", re.IGNORECASE)
#: Where the credit ends and the caption begins: a slash, a bar or a dash between spaces, or a
#: full stop ("Photo: Jane Roe. Crowds at the station").
_FIRST_SEPARATOR = re.compile(r"\s+[/|\u2013\u2014-]\s+|\.\s+")
#: The same credit in parentheses before the caption: "(Photo: Reuters) Crowds at the station".
_PARENTHESISED_FIRST = re.compile(r"^\((?P<inner>[^()]+)\)\s*(?P<text>\S.*)$")
#: Lower-case words inside an organisation's or a person's name ("Ministry of Defence",
#: "Jardin des Plantes"): no sign of a sentence.
_NAME_INNER = frozenset(["of", "the", "and", "for", "via", "&"]) | frozenset(words("particles"))


def _credit_first(line: str) -> Caption | None:
    """A caption printed after its credit ("Photo: X / {text}"), or None: the credit is a
    few capitalised words, the text a phrase of three words or more with a lower-case word
    that is no name's ("Photo: Jane Roe / Getty Images" and "Photo: X / Ministry of
    Defence" are one credit).

    >>> _credit_first("Foto: Oliver Berg/dpa / Children cool off at a fountain in Cologne")
    Caption(caption='Children cool off at a fountain in Cologne', credit='Oliver Berg/dpa')
    >>> _credit_first("Photo: Jane Roe / Ministry of Defence") is None
    True
    """
    parenthesised = _PARENTHESISED_FIRST.match(line)
    if parenthesised:
        lead = _CREDIT_LEAD.match(parenthesised["inner"].strip())
        if lead and _reads_as_caption(parenthesised["text"]):
            return _finish(parenthesised["text"], lead["credit"].strip())
        return None
    match = _CREDIT_FIRST.match(line)
    if not match:
        return None
    rest = match["rest"]
    for separator in _FIRST_SEPARATOR.finditer(rest):
        credit, text = rest[: separator.start()], rest[separator.end() :]
        if "/" in text and separator.group().strip() == "/":
            continue  # "Photo: X / Y / {text}": the credit runs to the last slash
        if _credit_words(credit) and _reads_as_caption(text):
            return _finish(text, credit)
    return None


def _credit_words(credit: str) -> bool:
    """A credit printed before its caption: at most six words, each capitalised but for a
    slash and the agencies known in lower case ("Jane Roe / dpa")."""
    credit_words = [w for w in credit.split() if w != "/"]
    return 0 < len(credit_words) <= 6 and all(
        word[:1].isupper() or is_known_agency(word) for word in credit_words
    )


def _reads_as_caption(text: str) -> bool:
    """A phrase of three words or more, capitalised, with a lower-case word that is no
    name's: the caption after a credit, not the rest of the credit."""
    text_words = text.split()
    return (
        len(text_words) >= 3
        and text[:1].isupper()
        and any(
            word[:1].islower() and word.casefold() not in _NAME_INNER for word in text_words[1:]
        )
    )


#: A copyright sign (and its year) left at the start of a credit ("Photo: © 2020 Reuters").
_LEADING_COPYRIGHT = re.compile(rf"^©{_COPYRIGHT_YEAR}\s*(?=\S)")


#: A credit label left at the end of the caption once its credit was split off ("... at the
#: shipyard. Fot." before "PAP/Adam Warżawa": Polish "Fot." is "Photo" with a full stop).
_TRAILING_LABEL = re.compile(rf"(?:(?<=[\s.,;:|])|^)(?:{_CAPITALISED})\.?$")


def _finish(text: str, credit: str | None) -> Caption:
    """The caption and its credit, cleaned: no label or separator left between them.

    >>> _finish("A ferry hull at the shipyard. Fot.", "PAP/Adam Warżawa")
    Caption(caption='A ferry hull at the shipyard', credit='PAP/Adam Warżawa')
    """
    credit = _LEADING_COPYRIGHT.sub("", clean_text(credit)) if credit else None
    if credit:
        credit = credit.lstrip(" |/\u2013\u2014-") or None  # "— Bernama": not the dash
    if credit and (label := _LABEL_COLON.match(credit)):  # "PHOTO: AFP" after a sentence
        credit = clean_text(label["credit"])
    caption = clean_text(text)
    if credit:
        caption = _TRAILING_LABEL.sub("", caption.rstrip()).strip()
        caption = caption.rstrip(" .,;:|/-\u2013\u2014").strip()
        if caption.endswith(("(", "[")):  # "{text} [Photo: {credit}" that never closes
            caption = caption[:-1].rstrip(" .,;:|/-\u2013\u2014")
    return Caption(caption or None, credit or None)


def _is_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _capitals_tail(joined: str) -> tuple[str, str] | None:
    """Split off a credit in capitals that holds a full stop of its own.

    A name's initials put a ". " inside the credit, so the credit starts at
    the earliest sentence end after which nothing is in lower case.

    >>> _capitals_tail("Demonstrators in Lyon. J. R. SMITH / AFP")
    ('Demonstrators in Lyon.', 'J. R. SMITH / AFP')
    >>> _capitals_tail("U.S. troops in Kabul. AFP PHOTO / J. SMITH")
    ('U.S. troops in Kabul.', 'AFP PHOTO / J. SMITH')
    >>> _capitals_tail("Troops in Kabul. AFP") is None  # no full stop inside: the usual rule
    True
    >>> _capitals_tail("Crowds in Paris. NYC. AFP") is None  # "NYC." is no initial
    True
    """
    for end in _SENTENCE_END.finditer(joined):
        text, credit = joined[: end.end()].strip(), joined[end.end() :].strip()
        if any(ch.isalpha() for ch in text) and _is_capitals(credit):
            initials = "." in credit and not _NOT_INITIAL.search(credit)
            return (text, credit) if initials else None
    return None


def _credit_in_parentheses(inner: str) -> str | None:
    lead = _CREDIT_LEAD.match(inner.strip()) or _VIDEO_CREDIT.match(inner.strip())
    if lead:
        return lead["credit"]
    parts = re.split(r"\s*/\s*", inner.strip())
    if is_agency(parts[0]) or is_agency(inner) or (len(parts) > 1 and is_agency(parts[-1])):
        return inner  # "(EFE/Name)", "(REUTERS/Name)", "(AP)", "(Name/dpa)"
    owner = _OWNER_COLON.match(inner.strip())
    if owner and is_agency(owner["owner"]):
        return inner  # "(Reuters: Loren Elliott)", "(ABC News: Jane Roe)"
    if owner and (named := _LABEL_OWNER.match(owner["owner"])) and named["owner"]:
        return owner["credit"]  # "(Photo Prensa Libre: Érick Ávila)": the label and its owner
    if "/" in inner and unlabelled_credit(inner):
        return inner  # "(E. Jason Wambsgans/Chicago Herald)": a name and its organisation
    via = _VIA.search(inner)
    if via and is_agency(via["agency"]):
        return inner  # "(Handout via Reuters)", "(Ministry of Defence via AP)"
    label = _LABEL_AFTER.match(inner.strip())
    if label and unlabelled_credit(label["who"]):
        return inner  # "(PTI Photo)", "(AA Photo)": a credit with its label after it
    if person_named(inner.strip()):
        return inner  # "(Masaru Komiyama)": the photographer, the credit the README puts there
    return None


#: An organisation and a colon before the credit it owns: "Reuters: Loren Elliott".
_OWNER_COLON = re.compile(r"^(?P<owner>[^:]{2,40}?)\s*:\s*(?P<credit>\S.*)$")
#: A credit label and the capitalised name of who owns the photo: "Photo Prensa Libre".
_LABEL_OWNER = re.compile(
    rf"^(?i:{alternation(words('credit'))})\s+(?P<owner>{_CAPITAL}\S*(?:\s+{_CAPITAL}\S*){{0,3}})$"
)
#: A credit whose label follows it: "PTI Photo", "Jane Roe Photography" is no such credit.
_LABEL_AFTER = re.compile(rf"^(?P<who>.+?)\s+(?:{alternation(words('credit'))})$", re.IGNORECASE)


def caption_before(text: str, credit: str) -> str | None:
    """The caption printed before a ``credit`` set apart from it (an element of its own), as
    :func:`split_caption` reads it, without the separator or the final full stop between them.

    >>> caption_before("Queues at a clinic in Sydney. ", "Nick Moir")
    'Queues at a clinic in Sydney'
    """
    return _finish(split_caption(text).caption or "", credit).caption


def element_video_credit(text: str) -> str | None:
    """The credit of an element that is only a video's credit ("Video: iDNES.tv"), else None;
    for an element of its own after a caption's text (a line that opens with "Video:" is
    a title otherwise, see :data:`_VIDEO_PREFIX`).

    >>> element_video_credit("Video: iDNES.tv"), element_video_credit("Storm in Haifa")
    ('iDNES.tv', None)
    """
    match = _VIDEO_CREDIT.match(clean_text(text))
    return clean_text(match["credit"]) if match else None


def labelled_credit(text: str) -> str | None:
    """The credit of a line that is only a labelled credit ("Photo: X", "© X"), else None.

    >>> labelled_credit("Photo: Jane Roe / AFP"), labelled_credit("Enlarge image")
    ('Jane Roe / AFP', None)
    """
    lead = _CREDIT_LEAD.match(clean_text(text))
    return clean_text(lead["credit"]) if lead else None


#: A credit printed without a label in an element of its own: a few capitalised words,
#: agencies and names joined by "/" ("Jane Roe / AFP", "Reuters", "EPA-EFE").
_PARTICLE = rf"(?:{alternation(words('particles'))})"
#: Its words start with a capital of any Latin, Cyrillic or Greek letter ("Žilina Courier").
_BARE_CREDIT = re.compile(
    rf"^(?:{_CAPITAL}|[0-9])[\w'’.&-]*(?:\s*(?:/\s*)?(?:(?:{_PARTICLE}\s+){{1,2}})?"
    rf"(?:{_CAPITAL}|[0-9])[\w'’.&-]*){{0,6}}$"
)


def unlabelled_credit(text: str) -> str | None:
    """``text`` when it is shaped like a credit printed on its own, without a label.

    >>> unlabelled_credit("Jane Roe / AFP"), unlabelled_credit("Reuters")
    ('Jane Roe / AFP', 'Reuters')
    >>> unlabelled_credit("ANP / Remko de Waal"), unlabelled_credit("Willa Lo / Žilina Courier")
    ('ANP / Remko de Waal', 'Willa Lo / Žilina Courier')
    >>> unlabelled_credit("Soldiers in Jakarta"), unlabelled_credit("Police at the scene.")
    (None, None)

    A credit behind its label is a labelled one, whatever its words ("Photo: Jane Roe / Zenica
    News": :func:`labelled_credit` reads it without the label):

    >>> unlabelled_credit("Photo: Luz Matugiaki / Zenica News"), unlabelled_credit("Video: AFP")
    (None, None)
    """
    text = clean_text(text)
    if _CREDIT_LEAD.match(text) or _VIDEO_CREDIT.match(text):
        return None
    if text.endswith((".", "!", "?")) and not is_known_agency(text):
        return None
    return text if _BARE_CREDIT.match(text) or is_agency(text) else None


def split_caption(text: str) -> Caption:
    """Split ``text`` into caption and credit; strip an "In video:" prefix.

    A ``<br>`` is expected as "\\n". The caption keeps no final "." when a
    credit followed it.

    >>> split_caption("In video: Protesters in Almaty (Photo: Reuters)")
    Caption(caption='Protesters in Almaty', credit='Reuters')
    >>> split_caption("A burned car in Bandung | Photo: Flash 90")
    Caption(caption='A burned car in Bandung', credit='Flash 90')
    >>> split_caption("Workers demonstrate in Lucerne Photo: 20min/Anna Roth")
    Caption(caption='Workers demonstrate in Lucerne', credit='20min/Anna Roth')
    >>> split_caption("Fans in the stands in Haifa\\nPhoto: Noam Rivkin")
    Caption(caption='Fans in the stands in Haifa', credit='Noam Rivkin')
    >>> split_caption("Fans of the club in La Plata (EFE/Ana Ruiz)")
    Caption(caption='Fans of the club in La Plata', credit='EFE/Ana Ruiz')
    >>> split_caption("A scene from Red Line. (Photo by Reuters)")
    Caption(caption='A scene from Red Line', credit='Reuters')
    >>> split_caption("A scene from Night Shift. (Photo: taken from Facebook)")
    Caption(caption='A scene from Night Shift', credit='taken from Facebook')
    >>> split_caption("Lai at a press conference, January 10, 2022. (AP)")
    Caption(caption='Lai at a press conference, January 10, 2022', credit='AP')
    >>> split_caption("Demonstrators in Lyon, January 12, 2022. JEAN DUPONT / AFP")
    Caption(caption='Demonstrators in Lyon, January 12, 2022', credit='JEAN DUPONT / AFP')
    >>> split_caption("The mayor of Nice. SPUTNIK / VIA REUTERS")
    Caption(caption='The mayor of Nice', credit='SPUTNIK / VIA REUTERS')
    >>> split_caption("A scene from the film. (Photo provided by Studio Nine)")
    Caption(caption='A scene from the film', credit='Studio Nine')
    >>> split_caption("The harbour at dawn © Jane Roe")
    Caption(caption='The harbour at dawn', credit='Jane Roe')
    >>> split_caption("The harbour at dawn © 2022 Jane Roe"), split_caption("© 2021, AFP")
    (Caption(caption='The harbour at dawn', credit='Jane Roe'), Caption(caption=None, credit='AFP'))
    >>> split_caption("The harbour (Photo: © 2020 Reuters)")
    Caption(caption='The harbour', credit='Reuters')
    >>> split_caption("The harbour at dawn John Doe / Getty Images")
    Caption(caption='The harbour at dawn', credit='John Doe / Getty Images')
    >>> split_caption("이재명 후보가 연설하고 있다. [사진 출처 = 연합뉴스]")
    Caption(caption='이재명 후보가 연설하고 있다', credit='연합뉴스')
    >>> split_caption("警視庁を出る容疑者＝13日（潟沼義樹撮影）")
    Caption(caption='警視庁を出る容疑者＝13日', credit='潟沼義樹')
    >>> split_caption("日本代表の（左から）西田、石川（Ｃ）共同通信社")
    Caption(caption='日本代表の（左から）西田、石川', credit='共同通信社')
    >>> split_caption("発言を見る国民（ソウルで、３日）＝ＡＰ")
    Caption(caption='発言を見る国民（ソウルで、３日）', credit='ＡＰ')
    >>> split_caption("イスラエルの国旗＝同国で2019年5月")
    Caption(caption='イスラエルの国旗＝同国で2019年5月', credit=None)
    >>> split_caption("Riot police in Seoul [Photo = Yonhap]")
    Caption(caption='Riot police in Seoul', credit='Yonhap')
    >>> split_caption("Lake Shore Drive at dawn. (E. Jason Roe/Chicago Herald)")
    Caption(caption='Lake Shore Drive at dawn', credit='E. Jason Roe/Chicago Herald')
    >>> split_caption("Ardern at Parliament. Photo / Mark Mitchell")
    Caption(caption='Ardern at Parliament', credit='Mark Mitchell')
    >>> split_caption("At the Theresienwiese. © picture alliance/dpa | Sven Hoppe")
    Caption(caption='At the Theresienwiese', credit='picture alliance/dpa | Sven Hoppe')
    >>> split_caption("The harbour at dawn. Photograph: Jane Roe/Reuters")
    Caption(caption='The harbour at dawn', credit='Jane Roe/Reuters')
    >>> split_caption("Crowds at the station / Photo: Jane Roe")
    Caption(caption='Crowds at the station', credit='Jane Roe')
    >>> split_caption("Smoke over the port. (Handout via Reuters)")
    Caption(caption='Smoke over the port', credit='Handout via Reuters')
    >>> split_caption("The harbour. File photo: Jane Roe"), split_caption("Photographer: Jane Roe")
    (Caption(caption='The harbour', credit='Jane Roe'), Caption(caption=None, credit='Jane Roe'))
    >>> split_caption("Foto: Lusa / Firefighters in Vila Real")
    Caption(caption='Firefighters in Vila Real', credit='Lusa')
    >>> split_caption("Video: ČTK / The Odra river rises in Ostrava")
    Caption(caption='The Odra river rises in Ostrava', credit='ČTK')
    >>> split_caption("Photo: JEAN DUPONT / AFP")
    Caption(caption=None, credit='JEAN DUPONT / AFP')
    >>> split_caption("The minister (left) with the mayor")
    Caption(caption='The minister (left) with the mayor', credit=None)
    >>> split_caption("  ")
    Caption(caption=None, credit=None)
    """
    lines = [clean_text(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return Caption(None, None)
    # "Photo: {credit} / {text}", "Video: {credit} / {text}"
    first = _credit_first(lines[0]) if len(lines) == 1 else None
    if first is not None:
        return first
    lines[0] = _VIDEO_PREFIX.sub("", lines[0])

    # "{text}<br>Photo: {credit}", "{text}<br>Video: {credit}"
    if len(lines) > 1:
        lead = _CREDIT_LEAD.match(lines[-1]) or _VIDEO_CREDIT.match(lines[-1])
        if lead:
            return _finish(" ".join(lines[:-1]), lead["credit"])
    joined = " ".join(line for line in lines if line)

    # "{text} [사진 = {credit}]", "{text}（{credit}撮影）"
    cjk = (
        _CJK_LABELLED.match(joined)
        or _CJK_TAKEN_BY.match(joined)
        or _COPYRIGHT_PARENS.match(joined)
    )
    if cjk:
        return _finish(cjk["text"], cjk["credit"])
    equals = _EQUALS_AGENCY.match(joined)
    if equals and is_agency(unicodedata.normalize("NFKC", equals["credit"])):
        return _finish(equals["text"], equals["credit"])

    # "{text} (Photo: {credit})", "(EFE/{Name})", "{text}. (AP)"
    paren = _TRAILING_PAREN.match(joined)
    # "... Picture: Jane Roe/African News Agency (ANA)": the parenthesis ends a labelled credit
    labelled = _CREDIT_TAIL.match(paren["text"]) if paren else None
    if paren and labelled and paren["inner"]:
        return _finish(labelled["text"], f"{labelled['credit']} ({paren['inner']})")
    if paren:
        credit = _credit_in_parentheses(paren["inner"] or paren["square"])
        if credit is not None:
            return _finish(paren["text"], credit)

    # "{text} | Photo: {credit}", "{text} Photo: {credit}", "{text} © {credit}"
    tail = _CREDIT_TAIL.match(joined)
    if tail:
        return _finish(tail["text"], tail["credit"])

    # Le Monde: "{text}. {CREDIT}" with the credit in capitals or naming an agency.
    capitals = _capitals_tail(joined)
    if capitals is not None:
        return _finish(*capitals)
    # "{text} | Reuters", "{text} — Bernama", "{text} | XAIME RAMALLAL": a known agency or a
    # credit in capitals after a bar or a dash
    separated = _SEPARATED_CREDIT.match(joined)
    if (
        separated
        and not is_place(separated["credit"])
        and (
            is_known_agency(separated["credit"])
            or (
                _is_capitals(separated["credit"])
                and 2 <= len(separated["credit"].split()) <= 4
                and not any(ch.isdigit() for ch in separated["credit"])
            )
        )
    ):
        return _finish(separated["text"], separated["credit"])
    # "{text} /Robert Kitchin": a slash set after a space and joined to the credit
    glued = _GLUED_SLASH.match(joined)
    if glued and unlabelled_credit(glued["credit"]):
        return _finish(glued["text"], glued["credit"])
    sentence = _LAST_SENTENCE.match(joined)
    if sentence:
        credit = sentence["credit"]
        slash_parts = re.split(r"\s*/\s*", credit)
        # "Jane Roe/AFP", and the agency first as Reuters signs: "REUTERS/Brendan McDermid"
        agency_end = len(slash_parts) > 1 and (
            is_agency(slash_parts[-1]) or is_agency(slash_parts[0])
        )
        if _is_capitals(credit) or is_known_agency(credit) or agency_end:
            return _finish(sentence["text"], credit)

    # "{text} John Doe / Getty Images"
    slash = _SLASH_CREDIT.match(joined)
    # "Road to Haifa / Tel Aviv": a place after the slash is the text's own
    if slash and not is_place(re.split(r"\s*/\s*", slash["credit"])[-1]):
        # "Samarinda. ANTARA FOTO/M Risyal Hidayat": the credit starts after the sentence
        end = list(_SENTENCE_END_IN_CREDIT.finditer(slash["credit"]))
        if end:
            cut = slash.start("credit") + end[-1].end()
            return _finish(joined[:cut], joined[cut:])
        return _finish(slash["text"], slash["credit"])
    slashed = _SLASHED_AGENCY.match(joined)
    if slashed and (
        _ACRONYM.match(slashed["credit"])
        or (is_agency(slashed["credit"]) and not is_place(slashed["credit"]))
    ):
        return _finish(slashed["text"], slashed["credit"])
    return _finish(joined, None)


#: A full stop ending a word of two letters or more, then a space: a sentence ends there.
_SENTENCE_END_IN_CREDIT = re.compile(r"[^\W\d_]{2,}\.\s+")
