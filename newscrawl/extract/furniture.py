"""Page furniture: the lines of a page that are never article text, whatever the page.

One set of rules for the generic body pass (:mod:`newscrawl.extract.generic_body`) and an
aggregator's source block (:mod:`newscrawl.extract.block_body`) alike: sign-up and newsletter
boxes, share and follow lines, "read more" lead-ins in many languages, reading times, copyright
notices. Regular expressions only, so the crawl imports it without trafilatura.
"""

from __future__ import annotations

import re

from newscrawl.lexicon import alternation, words

#: Whole-line patterns of reader-facing boilerplate, in the languages of the sources seen so
#: far; matched case-insensitively against a paragraph's whitespace-squeezed text.
BOILERPLATE_LINE = re.compile(
    r"""^(?:
        you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested).{0,120}
      | recommended(?:\s+for\s+you)?\s*:?
      | (?:sign\s+up|subscribe)\b.{0,200}
      | (?:thanks|thank\s+you)\s+for\s+(?:signing\s+up|subscribing|reading).{0,200}
      | like\s+this\s+(?:story|article)\?.{0,120}
      | share\s+(?:this|on)\b.{0,80}
      | follow\s+(?:us|him|her|them|the\s+author)\s+on\b.{0,160}
      | follow\s+.{1,80}?\s+on\s+(?:facebook|twitter|instagram|linkedin|tiktok|youtube|threads
         |bluesky|mastodon|whatsapp|telegram|viber)\b.{0,120}
      | join\s+our\s+.{0,80}?\b(?:channel|group|community)\b.{0,120}
      | (?:receive|get)\s+.{0,100}?\bon\s+(?:whatsapp|telegram|viber|signal)\b.{0,80}
      | (?:the\s+)?(?:article|text|story)\s+continues\s+(?:after|below)\s+(?:the\s+|this\s+)?
         (?:advertisement|advertising|advert|ad)s?\b.{0,20}
      | advertise\s+with\s+.{1,60}
      | have\s+a\s+tip\?.{0,300}
      | (?:was|is|did\s+you\s+find)\s+this\s+(?:article|story|page|information)\s+
         (?:helpful|useful|interesting)\s*\?
      | write\s+to\s+.{1,80}\s+at\s+\S+@\S+
      | this\s+copy\s+is\s+for\s+your\s+personal.{0,400}
      | (?:advertisement|anzeige|publicidad|werbung|publicité)
      | (?:view|show|load)\s+(?:\d+\s+)?comments?.{0,40}
      | comments?\s*\(?\d*\)?
      | an\s+error\s+(?:has\s+)?occurred.{0,80}
      | sorry!?
      | loading(?:\s*(?:\.{1,3}|…))?  # a widget's placeholder left in the copy
      | (?:order\s+reprints|print\s+article|print|email|share)
      | (?:(?:estimated\s+)?read(?:ing)?\s+time|lesezeit|lesedauer|tempo\s+de\s+leitura
         |tiempo\s+de\s+lectura|temps\s+de\s+lecture|tempo\s+di\s+lettura|leestijd|lästid
         |lesetid|læsetid|czas\s+czytania)\s*:?\s*(?:ca\.\s*)?\d+\s*\w{0,10}\.?
      | \d+\s*(?:min(?:ute)?s?|minuten?|minutos?|minuti)\.?\s+(?:read|lesezeit|lesedauer
         |de\s+leitura|de\s+lectura|de\s+lecture|di\s+lettura)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
#: Lead-ins of teaser and tag lines ("Read more: ...", "Also read: ...", "Tags: ..."). Their
#: words also open sentences of news prose ("Also on Tuesday, police said ...", German
#: "Tag" is "day", "Themen" "topics"), so a line that reads as a sentence is not one of them
#: (see :func:`is_boilerplate_line`).
LEAD_IN_LINE = re.compile(
    r"""^(?:
        (?:read|see|watch|listen)\s+(?:more|also|next|the\s+full)\b.{0,200}
      | related\b(?!\s+(?-i:[a-z])[^:]{10,200}[.!?]$)  # "Related measures will be ..." is prose
        (?:\s+(?:articles?|stories|content|coverage|news))?\s*:?.{0,200}
      | more\s+(?:on|about|from|stories)\b.{0,120}
      | recommended\s*:.{0,200}
      | (?:in|on)\s+the\s+same\s+(?:topic|subject)\s*:.{0,200}
      | also\s+(?:on|read|see)\b.{0,200}
      | (?:tags?|topics?|filed\s+under|schlagworte|themen)\b\s*:?.{0,300}
      | categor(?:y|ies)\s*:.{0,300}  # "Category | Last month" heads a table
      | (?:lesen|hören|sehen)\s+sie\s+(?:auch|mehr).{0,200}
      | mehr\s+zum\s+thema.{0,200}
      | (?:lea|leia|lee)\s+(?:también|tambem|também|más|mais).{0,200}
      | (?:lire|voir)\s+aussi.{0,200}
      | leggi\s+anche.{0,200}
      | \(leggi\s+anche.{0,200}
      | czytaj\s+(?:więcej|też|także|również).{0,200}
      | (?:lees|bekijk)\s+(?:ook|meer).{0,200}
      | (?:läs|les|læs)\s+(?:mer|mere|også|också|ogsa).{0,200}
      | čtěte\s+(?:také|též|více).{0,200}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
#: A copyright notice: "© 2022 X. All rights reserved.", "Copyright 2022 The Associated
#: Press. ...", "Copyright © X. Unauthorized reproduction prohibited." ("Copyright holders
#: sued ..." is prose: the word alone is not enough).
COPYRIGHT_LINE = re.compile(
    r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))"
    # "All rights reserved" in every language of the lexicon ("Sva prava pridržana")
    rf"|\b(?:{alternation(words('rights'))})\b"
    # "Total or partial reproduction of this article is prohibited", "Reproduction prohibited"
    r"|^(?:(?:any|the|total|partial)\s+(?:or\s+partial\s+)?)?reproduction\s+"
    r"(?:of\s+(?:this|these|the|our)\s+(?:article|material|content|text|note|story|publication"
    r"|news|contents?)s?\s+)?(?:is\s+)?(?:strictly\s+)?(?:prohibited|forbidden"
    r"|not\s+(?:permitted|allowed))\b",
    re.IGNORECASE,
)
#: The beginning of a word of each language's "all rights reserved" ("prava", "δικαι") that
#: a short line must hold before :data:`COPYRIGHT_LINE` is tried in full; only lines of at
#: most :data:`_RIGHTS_WORDS` words are asked (a notice without "©" or "right" is that short:
#: "Sva prava pridržana."), so that a paragraph of prose costs one substring test, not this.
_RIGHTS_HINT = re.compile(
    alternation({max(phrase.split(), key=len)[:5] for phrase in words("rights")})
)
_RIGHTS_WORDS = 12
#: A copyright notice is at most this many words.
_COPYRIGHT_WORDS = 60
#: A sentence ends with one of these, maybe before a closing quote or bracket.
_SENTENCE_END = re.compile(r"[.!?…。][\"'”’»)\]]*$")
#: A label of a few words and a colon opening a line ("Read also:", "In the same topic:").
_LABEL = re.compile(r"^[^\W\d_][\w\s'’-]{0,40}:\s")
#: A line of this many words that ends a sentence is prose, whatever its first words.
_SENTENCE_WORDS = 8
#: Furniture recognised anywhere inside a short paragraph (40 words at most).
BOILERPLATE_INSIDE = re.compile(
    r"\b(?:newsletters?|sign(?:ing)?\s+up|subscri(?:be|ption)|your\s+inbox|share\s+(?:it|this)\s+with)\b",
    re.IGNORECASE,
)
#: One of these is in every line :data:`BOILERPLATE_INSIDE` matches (a cheap test first).
_INSIDE_WORDS = ("newsletter", "sign", "subscri", "inbox", "share")
#: A promotion speaks to the reader ("Sign up for our newsletter", "in your inbox", "Der
#: Newsletter informiert Sie", an imperative after a lead-in: "Never miss a story: sign up
#: for X alerts."); news prose that mentions subscriptions reports on them ("Netflix raised
#: its subscription prices", "two million people sign up each year").
_ADDRESSES_READER = re.compile(
    r"^(?:sign\s+up|subscribe|join|get|register)\b"
    # a short lead-in, then the call to the end of the line, no clause after it
    r"|^[^:.!?]{1,40}:\s+(?:sign\s+up|subscribe|register)\s+(?:for|to)\b[^.!?,;]{0,60}[.!]?$"
    r"|\b(?:you|your|yours|our|us|we|sie|ihr|ihre|"
    r"unser\w*|vous|votre|notre|nous|tu|te|nuestr[oa]s?|vostr[oa]|nostr[oa]|tua)\b",
    re.IGNORECASE,
)
#: A passage in quotation marks: words someone is quoted saying ("adding that \"we regret
#: our higher subscription prices\"") address no reader of the page.
_QUOTED = re.compile(r"[\"“„«»”][^\"“”„«»]{1,300}[\"”“«»]")
#: A paragraph that ends by sending the reader elsewhere with an imperative ("... Get it
#: here.", "For the full schedule, click here.", "Subscribe here!"): a promotion or a link
#: line. Words in quotation marks are someone's, not the page's (see :data:`_QUOTED`).
_CALL_TO_ACTION = re.compile(
    r"(?:(?:^|[.!?:]\s+)(?:get\s+it|sign\s+up|download\s+it|find\s+out\s+more|learn\s+more"
    r"|subscribe|register|join|click|tap)|(?:^|[.!?:,]\s+)(?:click|tap))\b[^.!?\"”]{0,20}"
    r"\bhere\s*[.!]?$",
    re.IGNORECASE,
)
#: A question to the reader and a short call after it: "Want the latest news first? Join our
#: WhatsApp community.", "Vous avez aimé cet article ? Partagez-le !", "Haben Sie einen
#: Hinweis? Schreiben Sie uns.". The question speaks to the reader (a second person, or
#: "Want ...?", "Got a ...?" without one), and the call is furniture itself, speaks to the
#: reader or ends with "!"; an answer in an interview ("Do you regret it? No, I would do it
#: again.") opens with a pronoun or "yes"/"no".
_READER_QUESTION = re.compile(
    r"^(?P<question>[^?¿]{0,8}¿?[^?¿]{3,120}?\s?\?)\s+(?P<call>[^?]{2,100})$"
)
_SECOND_PERSON = re.compile(
    r"\b(?:you|your|sie|ihnen|du|vous|tu|te|quieres|quiere|tienes|usted|você|voce|vuoi"
    r"|hai|jij|je|jullie|u|wilt|chcesz|tus|tes|tuoi|tue|seus|suas|teus|tuas|deine?[mnrs]?"
    r"|jouw)\b"
    # "Want the latest news?", "Got a tip?", "Liked this article?": the subject left out
    r"|^(?:want|like|got|have|need|know|liked|enjoyed|loved)\s+(?:a|an|any|the|this|to|more"
    r"|something)\b",
    re.IGNORECASE,
)
#: What a call to the reader names: a channel or the newsroom, or an imperative with "us"
#: joined to it (Spanish "Escríbenos", Italian "Scrivici").
_CALL = re.compile(
    r"\b(?:whatsapp|telegram|viber|signal|newsletter|e-?mail|mail|app|comments?|redactie"
    r"|redazione|redacción|rédaction|redaktion|newsroom)\b|@|^[^\W\d_]{4,}(?:nos|ci)\b",
    re.IGNORECASE,
)
_ANSWER_OPENING = re.compile(
    r"^(?:i|we|no|yes|not|it|he|she|they|ich|wir|nein|ja|je|nous|non|oui|yo|nosotros|sí|si)\b",
    re.IGNORECASE,
)
#: At most this many words in the question and in the call.
_QUESTION_WORDS = 12
_CALL_WORDS = 10
#: A line this short that mentions a newsletter is the title of a sign-up box.
_BOX_TITLE_WORDS = 6
BARE_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
BARE_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?\s*$")
WORD = re.compile(r"\w+")


def squeeze(text: str | None) -> str:
    """Collapse runs of whitespace into one space and strip.

    >>> squeeze("  a \\n  b ")
    'a b'
    """
    return " ".join((text or "").split())


def _tokens(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def same_text(a: str, b: str) -> bool:
    """True when two short texts carry the same words (case, punctuation and spacing aside).

    >>> same_text("Browns win: 'He asked for it'", "browns win he asked for it")
    True
    """
    ta, tb = _tokens(a), _tokens(b)
    return bool(ta) and ta == tb


#: No whole-line pattern above matches a line longer than this (their widest is "This copy is
#: for your personal ..." with 400 characters after it).
_LONGEST_LINE = 500


def is_boilerplate_line(
    text: str, furniture_words: int = 40, skip: frozenset[str] = frozenset()
) -> bool:
    """True for a paragraph that is a known kind of page furniture, not article text: a whole
    line of :data:`BOILERPLATE_LINE`, a teaser or tag line (:data:`LEAD_IN_LINE`) that does
    not read as a sentence, or a paragraph of at most ``furniture_words`` words that
    mentions newsletters, signing up or subscribing (:data:`BOILERPLATE_INSIDE`).

    >>> is_boilerplate_line("Read more: Alibaba poised to launch a listing")
    True
    >>> is_boilerplate_line("Readers were more worried than ever.")
    False
    >>> is_boilerplate_line("Also on Tuesday, the police arrested two more men in the city.")
    False
    """
    text = squeeze(text)
    if not text:
        return True
    words = text.count(" ") + 1  # squeezed: one space between words
    if len(text) > _LONGEST_LINE and words > max(furniture_words, _COPYRIGHT_WORDS):
        return False  # longer than any furniture pattern can match: prose (and faster)
    if "boilerplate_line" not in skip and BOILERPLATE_LINE.match(text):
        return True
    low = text.lower()
    if (
        words <= _COPYRIGHT_WORDS
        and "copyright_line" not in skip
        and (
            "reproduc" in low
            or low.startswith(("©", "(c)"))
            or "right" in low
            or (words <= _RIGHTS_WORDS and bool(_RIGHTS_HINT.search(low)))
        )  # needed
        and COPYRIGHT_LINE.search(text)
    ):
        return True
    if (
        "lead_in_line" not in skip
        and LEAD_IN_LINE.match(text)
        and (
            _LABEL.match(text)  # "Recommended: Will the heat wave break?" is a teaser
            or not (len(_tokens(text)) >= _SENTENCE_WORDS and _SENTENCE_END.search(text))
        )
    ):
        return True
    if (
        words <= furniture_words
        and "call_to_action" not in skip
        and low.endswith(("here", "here.", "here!"))
        and _CALL_TO_ACTION.search(_QUOTED.sub(" ", text))
    ):
        return True
    if (
        words <= _QUESTION_WORDS + _CALL_WORDS
        and "reader_question" not in skip
        and "?" in text
        and _reader_question(text)
    ):
        return True
    return (
        words <= furniture_words
        and "newsletter" not in skip
        and any(word in low for word in _INSIDE_WORDS)
        and bool(BOILERPLATE_INSIDE.search(text))
        and (words <= _BOX_TITLE_WORDS or bool(_ADDRESSES_READER.search(_QUOTED.sub(" ", text))))
    )


def _reader_question(text: str) -> bool:
    """A question to the reader and a call after it (see :data:`_READER_QUESTION`).

    >>> _reader_question("Want the latest news first? Join our WhatsApp community.")
    True
    >>> _reader_question("Vous avez aimé cet article ? Partagez-le !")
    True
    >>> _reader_question("Did the council know? Documents show engineers warned in 2019.")
    False
    >>> _reader_question("Do you regret it? No, I would do it again.")
    False
    """
    found = _READER_QUESTION.match(text)
    if found is None:
        return False
    question, call = found["question"], found["call"].strip()
    if (
        call.casefold().rstrip(".! ").endswith("here")  # "Subscribe here!": a call to action
        or len(question.split()) > _QUESTION_WORDS
        or len(call.split()) > _CALL_WORDS
        or not _SECOND_PERSON.search(question)
        or _ANSWER_OPENING.match(call)
    ):
        return False
    return (
        call.endswith("!")
        or bool(_ADDRESSES_READER.search(call) or _SECOND_PERSON.search(call))
        or bool(_CALL.search(call))
        or is_boilerplate_line(call, skip=frozenset({"reader_question"}))
    )


#: :func:`is_boilerplate_line` is asked about most paragraphs twice (core, then keep).
