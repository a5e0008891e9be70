"""Decide which paragraphs of a source block are the article's body.

Rules follow the documented block structure and generic signals, never sample wording:

* empty and NBSP-only paragraphs go;
* link lines go: a paragraph whose text is mostly link text ("Read more: <a>..</a>",
  "<p><a>{title}</a></p>" after "KEEP READING:");
* label lines go: a short paragraph that is all bold or ends with a colon ("Read more:");
* lines announcing related content go ("Read also: ...", "See also ...");
* the source style's own boilerplate labels go;
* page furniture goes, by the same rules as on generic pages
  (:func:`newscrawl.extract.furniture.is_boilerplate_line`: sign-up and newsletter boxes,
  share and follow lines, "read more" lead-ins in many languages, reading times);
* broken fragments are joined back (:func:`newscrawl.normalize.text.join_fragments`);
* what still does not end a sentence afterwards is not prose (app ads, teasers) and goes.

Text that recurs across many articles of one source is handled by
:class:`newscrawl.pipelines.boilerplate.BoilerplatePipeline`, which sees the whole run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newscrawl.extract.block import Paragraph
from newscrawl.extract.furniture import is_boilerplate_line
from newscrawl.normalize.text import ends_sentence, join_fragments
from newscrawl.sources import SourceStyle

#: Paragraphs with at least this share of link text are link lines.
LINK_DENSITY_MAX = 0.5
#: Labels ("Read more:", "KEEP READING:") are at most this many words.
LABEL_MAX_WORDS = 5
_RELATED = re.compile(
    r"^(read (more|also|next)|see also|also read|keep reading|related( articles?)?|more on)\b"
    r"(?!\s+to\b)",  # "Related to the drought, farmers said ...": prose
    re.IGNORECASE,
)
#: A linked sentence keeps this many characters of its own outside the links ("The full text
#: of <a>the agreement</a> was published on Tuesday."); a teaser has a label at most.
PROSE_OUTSIDE_LINKS = 25


def is_boilerplate_paragraph(p: Paragraph, style: SourceStyle | None = None) -> bool:
    """True for a paragraph that is never body, judged on its own.

    >>> is_boilerplate_paragraph(Paragraph("Read more: Coalition crisis", link_chars=16))
    True
    >>> is_boilerplate_paragraph(Paragraph("KEEP READING:", strong_only=True))
    True
    >>> is_boilerplate_paragraph(Paragraph("The police said 46 fans were detained."))
    False
    """
    text = p.text
    if not text:
        return True
    if p.link_density >= LINK_DENSITY_MAX and not _linked_sentence(p):
        return True
    words = len(text.split())
    if words <= LABEL_MAX_WORDS and (p.strong_only or text.endswith(":")):
        return True
    if _RELATED.match(text) or is_boilerplate_line(text):
        return True
    return bool(style and style.is_boilerplate(text))


def body_paragraphs(paragraphs: Sequence[Paragraph], style: SourceStyle | None = None) -> list[str]:
    """The body: kept paragraphs in order, fragments re-joined, non-prose dropped.

    >>> body_paragraphs([
    ...     Paragraph("It said the successor to the"), Paragraph(""), Paragraph("KGB"),
    ...     Paragraph(", said the situation had stabilized."),
    ...     Paragraph("Sign in every day on the APP to collect points"),
    ...     Paragraph("Read also: Drama in the assembly", link_chars=21),
    ...     Paragraph("He left in"), Paragraph("Krakow", link_chars=6), Paragraph(", they said."),
    ... ])
    ... # doctest: +NORMALIZE_WHITESPACE
    ['It said the successor to the KGB, said the situation had stabilized.',
     'He left in Krakow, they said.']
    """
    texts = [p for p in paragraphs if p.text]
    kept = [
        p.text
        for i, p in enumerate(texts)
        if not is_boilerplate_paragraph(p, style)
        or _linked_fragment(texts, i)
        or _continuation(texts, i, style)
    ]
    return [text for text in join_fragments(kept) if ends_sentence(text)]


def _linked_sentence(p: Paragraph) -> bool:
    """A sentence of prose with long links in it, not a line of links or a teaser.

    >>> _linked_sentence(Paragraph("The full text of the agreement between the city and the "
    ...     "unions was published on Tuesday.", link_chars=52))
    True
    >>> _linked_sentence(Paragraph("Read also: Drama in the assembly.", link_chars=22))
    False
    """
    text = p.text
    return (
        text[:1].isupper()
        and ends_sentence(text)
        and len(text) - p.link_chars >= PROSE_OUTSIDE_LINKS
        and not _RELATED.match(text)
        and not is_boilerplate_line(text)
    )


def _continuation(texts: Sequence[Paragraph], i: int, style: SourceStyle | None) -> bool:
    """The rest of a sentence broken across paragraphs ("... asked viewers not to" / "share the
    video ..."): it starts in lower case after a kept paragraph that ends no sentence, so the
    words it opens with are not a share or sign-up line's."""
    if i == 0 or not texts[i].text[:1].islower():
        return False
    before = texts[i - 1]
    return not ends_sentence(before.text) and not is_boilerplate_paragraph(before, style)


def _linked_fragment(texts: Sequence[Paragraph], i: int) -> bool:
    """A linked name split out of a sentence ("... in" / "<a>Krakow</a>" / ", cleaning ...")."""
    if i == 0 or i + 1 >= len(texts) or len(texts[i].text.split()) > 4:
        return False
    before, after = texts[i - 1].text, texts[i + 1].text
    return not ends_sentence(before) and (after[0] in ",.;:!?)" or after[0].islower())
