"""The source-block parser and the body rules on recorded replica pages and small blocks."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from devtools.truth import norm_text
from newscrawl.extract.aggregated import extract_article
from newscrawl.extract.block import parse_block
from newscrawl.extract.block_body import body_paragraphs
from newscrawl.sites.limitedtimes import SITE
from newscrawl.sources import source_by_key
from tests.helpers.replica import Page, Record, page_file, source_block, unique_pages


def _block(inner: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(f"<div class='post-content'>{inner}</div>")


def test_byline_before_date_and_widgets_are_not_body() -> None:
    parts = parse_block(
        _block(
            "<h1>Headline</h1><div><span>OREN SHAPIRA, political correspondent</span></div>"
            "<div>10/01/2022</div><div>Monday, 10 January 2022, 21:54 Updated: 00:22</div>"
            "<ul><li>Share on Facebook</li><li>Comments</li></ul>"
            "<figure><video src='v.mp4'></video>"
            "<figcaption>In video: Riots (Photo: Reuters)</figcaption></figure>"
            "<p>First paragraph.</p><p>&nbsp;</p>"
            "<div><h2>Read more about riots</h2><ul><li><a href='x'>t</a></li></ul></div>"
            "<p>Second paragraph.</p>"
        ),
        source_by_key("walla"),
    )
    assert parts.headline == "Headline"
    assert parts.byline == "OREN SHAPIRA, political correspondent"
    assert parts.date_lines == ["10/01/2022", "Monday, 10 January 2022, 21:54 Updated: 00:22"]
    assert parts.media == [
        {"kind": "video", "url": "v.mp4", "caption": "Riots", "credit": "Reuters"}
    ]
    assert body_paragraphs(parts.paragraphs) == ["First paragraph.", "Second paragraph."]


def test_inline_ynet_byline_and_ltn_bracket_byline() -> None:
    ynet = parse_block(
        _block("<h1>H</h1><div>Yael Katz | Published: 11.01.22, 08:32</div><p>Body text.</p>"), None
    )
    assert ynet.byline == "Yael Katz" and ynet.detected_style is source_by_key("ynet")
    ltn = parse_block(
        _block(
            "<h1>H</h1><span>2022/01/10 07:18</span>"
            "<p>[Reporter Wu Kuan-yu/Taipei Report] Russian troops left.</p>"
        ),
        None,
    )
    assert ltn.byline == "Reporter Wu Kuan-yu/Taipei Report"
    assert [p.text for p in ltn.paragraphs] == ["Russian troops left."]
    assert ltn.detected_style is source_by_key("ltn")


def test_unseen_boilerplate_wording_still_dropped() -> None:
    # Wording never seen in the sample: a link line, a bold label, an app ad without a full stop.
    parts = parse_block(
        _block(
            "<p>The council met on Tuesday.</p><p><strong>MORE FROM US:</strong></p>"
            "<p><a href='x'>Some other headline entirely</a></p>"
            "<p>Scan the code to get our brand new reader app</p><p>It voted at noon.</p>"
        ),
        None,
    )
    assert body_paragraphs(parts.paragraphs) == ["The council met on Tuesday.", "It voted at noon."]


@pytest.mark.parametrize(("page", "want"), unique_pages(), ids=lambda v: v.get("truth_id", ""))
def test_every_recorded_page_equals_truth(page: Page, want: Record) -> None:
    html = page_file(page).read_bytes()
    article, _ = extract_article(html, "https://newsrnd.com" + page["path"], SITE)
    assert article["title"] == want["title"]
    assert article["authors"] == want["authors"]
    assert set(article["agencies"]) == set(want["agencies"])
    assert article["published_at"] == want["published_at"]
    assert article["modified_at"] == want["modified_at"]
    assert [(m["kind"], m["caption"], m["credit"]) for m in article["media"]] == [
        (m["kind"], m["caption"], m["credit"]) for m in want["media"]
    ]
    assert article["body"].split("\n\n") == want["body"]
    assert article["source_url"] == want["source_url"]
    assert article["categories"] == want["categories"] and article["tags"] == want["tags"]


def test_block_rules_need_no_source_profile() -> None:
    # A source nobody profiled: no style, no detected date format. The structural rules alone
    # must still give the exact body and leave no planted boilerplate.
    for page, want in unique_pages():
        body = body_paragraphs(parse_block(source_block(page), None).paragraphs, None)
        assert body == want["body"], page["path"]
        text = norm_text(" ".join(body))
        assert not [b for b in want["boilerplate"] if norm_text(b) in text], page["path"]


def test_prose_that_looks_like_furniture_stays_in_the_body() -> None:
    """A sentence that opens "Related to", a sentence with a long link in it, and the rest of
    a sentence broken across paragraphs that opens with "share" or "subscribe" are prose; a
    related teaser and a share line on their own are not."""
    from newscrawl.extract.block import Paragraph

    got = body_paragraphs(
        [
            Paragraph("Related to the drought, farmers' associations said the harvest would fall."),
            Paragraph(
                "The full text of the agreement between the municipality and the unions was "
                "published on Tuesday.",
                link_chars=len("the agreement between the municipality and the unions"),
            ),
            Paragraph("Police asked residents not to"),
            Paragraph("share on social networks the video of the arrest, a spokesman said."),
            Paragraph("Related: Storm closes the port", link_chars=22),
            Paragraph("Share on Facebook"),
        ]
    )
    assert got == [
        "Related to the drought, farmers' associations said the harvest would fall.",
        "The full text of the agreement between the municipality and the unions was published "
        "on Tuesday.",
        "Police asked residents not to share on social networks the video of the arrest, a "
        "spokesman said.",
    ]


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        # copyright notices in the form Spanish and Latin American sources print them
        ("Total or partial reproduction of this article is prohibited.", True),
        ("Reproduction of this content is strictly prohibited.", True),
        ("The court ruled that reproduction of the photos was prohibited under the law.", False),
        # advertising markers, messaging channels
        ("The article continues after the advertisement.", True),
        ("Advertise with The Wellington Post.", True),
        ("Join our WhatsApp channel: https://wa.me/123", True),
        ("Receive news from The Post on WhatsApp: click here.", True),
        ("Join our team of volunteers, the mayor told the crowd on Sunday.", False),
        # a label and a colon make a teaser, even of a whole sentence
        ("Recommended: Will the heat wave break this weekend?", True),
        ("In the same topic: Inflation hits a record as prices rise for the fifth month.", True),
        ("Also on Tuesday, the police arrested two more men in the city.", False),
        # a label is a whole word: a byline whose first name starts like one is no tag line
        ("Tags: Israel, Gaza, ceasefire", True),
        ("Themen Politik", True),
        ("Tagliabue Rossi and Anna Berg, The Wellington Post", False),
        ("Topich Mirza, Daily Nation", False),
        ("Relatedly Cohen, The Wellington Post", False),
        # "Related" opening a sentence of prose; a list's title or a teaser stays furniture
        ("Related measures will be presented next week.", False),
        ("Related tools and resources", True),
        ("Related Storm hits the coast", True),
        # a short lead-in, then a call to sign up (bench/undeclared.py); prose that reports one
        ("Never miss a story: sign up for Sokodé Express alerts.", True),
        ("Breaking news: subscribe to the Daily Post newsletter", True),
        ("The message was simple: sign up for the vaccine by Friday, the minister said.", False),
        ("The message was simple: sign up before Friday or lose the benefit.", False),
    ],
)
def test_furniture_lines(line: str, furniture: bool) -> None:
    from newscrawl.extract.furniture import is_boilerplate_line

    assert is_boilerplate_line(line) is furniture


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Loading...", True),
        ("Loading", True),
        ("Categories: Politics, Argentina.", True),
        ("Loading the trucks took three hours.", False),
        ("Category | Last Month | This Month | Delta", False),
        ("Categories of workers affected include nurses and teachers, the union said.", False),
    ],
)
def test_placeholders_and_category_lines(line: str, furniture: bool) -> None:
    from newscrawl.extract.furniture import is_boilerplate_line

    assert is_boilerplate_line(line) is furniture
