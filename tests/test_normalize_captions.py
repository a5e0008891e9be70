"""Tests for newscrawl.normalize.captions."""

from __future__ import annotations

import lxml.html
import pytest

from newscrawl.normalize.captions import Caption, split_caption
from tests.helpers.replica import source_block, unique_pages


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        # walla
        ("In video: Riot police in Herzliya (Photo: AP)", "Riot police in Herzliya", "AP"),
        (
            "Riot police in Herzliya (Photo: Reuters/Ivan Petrov)",
            "Riot police in Herzliya",
            "Reuters/Ivan Petrov",
        ),
        (
            "Riot police in Herzliya (Photo: Walla! system)",
            "Riot police in Herzliya",
            "Walla! system",
        ),
        # maariv
        (
            "The mayor of Eilat, March 3, 2023 (Photo: Dan Ohana, Flash 90)",
            "The mayor of Eilat, March 3, 2023",
            "Dan Ohana, Flash 90",
        ),
        ("The mayor of Eilat | Photo: Flash 90", "The mayor of Eilat", "Flash 90"),
        # ynet (<br> arrives as a newline; also glued when it was lost)
        ("The mayor of Eilat\nPhoto: GPO", "The mayor of Eilat", "GPO"),
        (
            "The mayor of Eilat, March 3, 2023\nPhoto: Dan Ohana",
            "The mayor of Eilat, March 3, 2023",
            "Dan Ohana",
        ),
        ("The mayor of EilatPhoto: EPA", "The mayor of Eilat", "EPA"),
        # 20min
        ("Skiers in Davos Photo: 20min/Lea Graf", "Skiers in Davos", "20min/Lea Graf"),
        ("Skiers in Davos Photo: Keystone", "Skiers in Davos", "Keystone"),
        # lemonde
        ("Farmers in Rennes. AFP", "Farmers in Rennes", "AFP"),
        (
            "Farmers in Rennes, March 3, 2023. LOU BENOIST / AFP",
            "Farmers in Rennes, March 3, 2023",
            "LOU BENOIST / AFP",
        ),
        ("Farmers in Rennes. HANDOUT / VIA REUTERS", "Farmers in Rennes", "HANDOUT / VIA REUTERS"),
        # infobae
        ("Fans in Rosario (EFE/Juan Pérez)", "Fans in Rosario", "EFE/Juan Pérez"),
        (
            "Fans in Rosario, March 3, 2023 (REUTERS/Agustin Marcarian)",
            "Fans in Rosario, March 3, 2023",
            "REUTERS/Agustin Marcarian",
        ),
        # lemonde: a credit in capitals whose name has initials
        ("Demonstrators in Lyon. J. R. SMITH / AFP", "Demonstrators in Lyon", "J. R. SMITH / AFP"),
        ("A rally on Monday. AFP PHOTO / J. SMITH", "A rally on Monday", "AFP PHOTO / J. SMITH"),
        (
            "A rally in the U.S. capital. SEAN KELLY JR. / AFP",
            "A rally in the U.S. capital",
            "SEAN KELLY JR. / AFP",
        ),
        ("Crowds in Paris. NYC. AFP", "Crowds in Paris. NYC", "AFP"),
        # ltn
        ("Tourists in Tainan. (Photo by AFP)", "Tourists in Tainan", "AFP"),
        (
            "Tourists in Tainan. (Photo: taken from Facebook)",
            "Tourists in Tainan",
            "taken from Facebook",
        ),
        (
            "Tourists in Tainan. (Photo: taken from Instagram)",
            "Tourists in Tainan",
            "taken from Instagram",
        ),
        ("Tourists in Tainan. (AP)", "Tourists in Tainan", "AP"),
        # generic
        (
            "The harbour at dawn. Jane Roe / Getty Images",
            "The harbour at dawn",
            "Jane Roe / Getty Images",
        ),
        ("The harbour at dawn © Jane Roe", "The harbour at dawn", "Jane Roe"),
        ("The harbour at dawn. © AFP", "The harbour at dawn", "AFP"),
        ("The harbour at dawn. Credit: Jane Roe", "The harbour at dawn", "Jane Roe"),
        ("Der Hafen am Morgen. Foto: Jane Roe", "Der Hafen am Morgen", "Jane Roe"),
        ("The harbour at dawn", "The harbour at dawn", None),
        ("Tourists in Tainan. (Photo of the day)", "Tourists in Tainan. (Photo of the day)", None),
        ("Tourists in Tainan. (Photo courtesy of the city)", "Tourists in Tainan", "the city"),
        ("The minister (left) and the mayor", "The minister (left) and the mayor", None),
        ("The mayor speaks. The crowd listens.", "The mayor speaks. The crowd listens.", None),
        ("Photo: Jane Roe", None, "Jane Roe"),
        # a video's credit is labelled like a photo's; a label in capitals is taken off too
        ("Firefighters near Šibenik (Video: Hina)", "Firefighters near Šibenik", "Hina"),
        ("Video: The storm hits the coast", "The storm hits the coast", None),
        ("Commuters in a flooded street. PHOTO: AFP", "Commuters in a flooded street", "AFP"),
        # the agency first, as Reuters signs; a place with a slash is no credit; a labelled
        # credit that ends in parentheses keeps them
        (
            "Traders on the floor of the NYSE. REUTERS/Brendan McDermid",
            "Traders on the floor of the NYSE",
            "REUTERS/Brendan McDermid",
        ),
        (
            "Flights resume at EuroAirport Basel / Mulhouse after the storm",
            "Flights resume at EuroAirport Basel / Mulhouse after the storm",
            None,
        ),
        (
            "At the clinic. Picture: Jane Roe/African News Agency (ANA)",
            "At the clinic",
            "Jane Roe/African News Agency (ANA)",
        ),
        (
            "Higgins in Galway. | Niall Carson/PA Images via Getty Images",
            "Higgins in Galway",
            "Niall Carson/PA Images via Getty Images",
        ),
        # a two-word label after the caption's text
        (
            "The train at Dodoma. Photo credit: Ericky Boniphace",
            "The train at Dodoma",
            "Ericky Boniphace",
        ),
        # a video's credit after its caption, as "Photo:" is (bench/undeclared.py); a line
        # that opens with "Video:" is a title, a lower-case word after it is the sentence's
        ("The storm damage Video: Getty Images", "The storm damage", "Getty Images"),
        (
            "Rescue workers at the scene | Video: Jane Roe/AFP",
            "Rescue workers at the scene",
            "Jane Roe/AFP",
        ),
        ("Fans celebrate in Lagos\nVideo: Reuters", "Fans celebrate in Lagos", "Reuters"),
        (
            "A press conference Video: Alfie R. Nilsen / TASS",
            "A press conference",
            "Alfie R. Nilsen / TASS",
        ),
        ("Video: Protesters march in the capital", "Protesters march in the capital", None),
        ("A press conference Video: dpa", "A press conference", "dpa"),
        # a person and an agency in parentheses, the agency last
        (
            "The building damaged by the storm (Regan Luard/dpa)",
            "The building damaged by the storm",
            "Regan Luard/dpa",
        ),
        ("Watch the Video: it shows the storm", "Watch the Video: it shows the storm", None),
        # an abbreviated label with its dot inside the parentheses
        ("A market stall in Warsaw (Fot. Reuters)", "A market stall in Warsaw", "Reuters"),
        # the label after the credit; "provided by", "courtesy of" alone as the label
        (
            "Farmers at a rally in Ludhiana. (PTI Photo)",
            "Farmers at a rally in Ludhiana",
            "PTI Photo",
        ),
        ("Snow in Sapporo (Provided by Sapporo city)", "Snow in Sapporo", "Sapporo city"),
        (
            "Officials at the talks. Courtesy of the ministry",
            "Officials at the talks",
            "the ministry",
        ),
        ("Power lines near Durban. File picture: Reuters", "Power lines near Durban", "Reuters"),
        # a video's credit that opens in lower case ("iDNES.tv"); a sentence after "Video:" stays
        ("Highlights of the derby Video: iDNES.tv", "Highlights of the derby", "iDNES.tv"),
        ("Highlights Video: how it happened", "Highlights Video: how it happened", None),
        ("The harbour at sunset (Photo)", "The harbour at sunset (Photo)", None),
        # a known agency or a credit in capitals after a bar or a dash; not a place, a score
        ("Lawmakers in Parliament. \u2014 Bernama", "Lawmakers in Parliament", "Bernama"),
        ("A bridge \u2013 Reuters", "A bridge", "Reuters"),
        ("Boats moored in Burela | XAIME RAMALLAL", "Boats moored in Burela", "XAIME RAMALLAL"),
        ("Fans of PSG - NEW YORK", "Fans of PSG - NEW YORK", None),
        ("November 20, 2019 - 11:28 AMT", "November 20, 2019 - 11:28 AMT", None),
        ("Liverpool - Real Madrid", "Liverpool - Real Madrid", None),
        # a label in capitals after a sentence
        ("A bridge. PHOTO: Reuters", "A bridge", "Reuters"),
        # labels an untranslated copy keeps: Hebrew, Arabic, Thai
        ("The Knesset plenum. צילום: אוליבייה פיטוסי", "The Knesset plenum", "אוליבייה פיטוסי"),
        ("A meeting (صورة: رويترز)", "A meeting", "رويترز"),
        ("City Hall in Bangkok ภาพ: Thairath", "City Hall in Bangkok", "Thairath"),
        # a slashed credit starts after the sentence's full stop
        (
            "A coal barge in Samarinda. ANTARA FOTO/M Risyal Hidayat",
            "A coal barge in Samarinda",
            "ANTARA FOTO/M Risyal Hidayat",
        ),
        ("", None, None),
    ],
)
def test_split_caption_forms(text: str, caption: str | None, credit: str | None) -> None:
    assert split_caption(text) == Caption(caption, credit)


def _figcaption_text(element: lxml.html.HtmlElement) -> str:
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return str(element.text_content())


def _fixture_captions() -> list[tuple[str, str, dict[str, str | None]]]:
    cases = []
    for page, record in unique_pages():
        figures = list(source_block(page).iter("figure"))
        media = record["media"]
        assert len(figures) == len(media), page["path"]
        for index, (figure, expected) in enumerate(zip(figures, media, strict=True)):
            captions = figure.cssselect("figcaption")
            text = _figcaption_text(captions[0]) if captions else ""
            cases.append((f"{page['truth_id']}-{index}", text, expected))
    return cases


@pytest.mark.parametrize(("case_id", "text", "expected"), _fixture_captions())
def test_fixture_captions(case_id: str, text: str, expected: dict[str, str | None]) -> None:
    assert split_caption(text) == Caption(expected["caption"], expected["credit"]), case_id


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        # Korean: the credit in brackets after a "photo" / "photo source" label
        ("시민들이 인사하고 있다. [사진 = 김혜진 기자]", "시민들이 인사하고 있다", "김혜진 기자"),
        ("강연을 하는 당선인 [사진 출처 = 연합뉴스]", "강연을 하는 당선인", "연합뉴스"),
        ("강연을 하는 당선인 (사진=연합뉴스)", "강연을 하는 당선인", "연합뉴스"),
        # Japanese: "(X撮影)", photographed by X; a date after "＝" stays in the caption
        ("検討会＝１３日午後（代表撮影）", "検討会＝１３日午後", "代表"),
        # Japanese: a copyright sign, an agency after "＝"
        ("日本代表の西田、石川（Ｃ）共同通信社", "日本代表の西田、石川", "共同通信社"),
        ("テレビで見る国民（ソウルで、３日）＝ＡＰ", "テレビで見る国民（ソウルで、３日）", "ＡＰ"),
        ("イスラエルの国旗＝同国で2019年5月", "イスラエルの国旗＝同国で2019年5月", None),
        # not a credit: "provided by the police" is part of the caption as printed
        ("通話試験を行う技官（警視庁提供）", "通話試験を行う技官（警視庁提供）", None),
    ],
)
def test_split_caption_cjk_credits(text: str, caption: str | None, credit: str | None) -> None:
    assert split_caption(text) == Caption(caption, credit)


def test_a_name_alone_in_parentheses_after_the_caption_is_its_credit() -> None:
    """README: the credit "inside the parentheses"; a person's name there is the photographer."""
    assert split_caption("Kishida speaks in Tokyo (Kenji Tanaka)") == Caption(
        "Kishida speaks in Tokyo", "Kenji Tanaka"
    )
    # Not a name of two words: part of the caption.
    assert split_caption("Joe Biden (left) greets supporters").credit is None
    assert split_caption("The new stadium (2019)").credit is None


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        # a label in any case after a bar
        (
            "Rescue teams work in a flooded street | photo: ČTK",
            "Rescue teams work in a flooded street",
            "ČTK",
        ),
        # a label in capitals after lower-case text, with a colon, a slash or a bar
        ("Crowds wait at the airport PHOTO/FILE", "Crowds wait at the airport", "FILE"),
        ("Crowds wait at the airport PHOTO | JANE ROE", "Crowds wait at the airport", "JANE ROE"),
        ("Crowds wait at the airport PHOTO: FILE", "Crowds wait at the airport", "FILE"),
        # "Pic" is a label as "Photo" is
        (
            "The minister speaks to reporters Pic by Jane Roe",
            "The minister speaks to reporters",
            "Jane Roe",
        ),
        (
            "The minister speaks to reporters. Pic: Newsfirst",
            "The minister speaks to reporters",
            "Newsfirst",
        ),
        # in parentheses: an agency and a colon (ABC), a label and the photo's owner
        (
            "Police near the court. (Reuters: Jane Roe)",
            "Police near the court",
            "Reuters: Jane Roe",
        ),
        ("A vaccine dose. (Photo Prensa Libre: Érick Ávila)", "A vaccine dose", "Érick Ávila"),
        # a slash set after a space, joined to the credit
        ("A vaccine dose /Robert Kitchin", "A vaccine dose", "Robert Kitchin"),
    ],
)
def test_credit_markers_of_undeclared_publishers(text: str, caption: str, credit: str) -> None:
    assert split_caption(text) == Caption(caption, credit)


@pytest.mark.parametrize(
    "text",
    ["A PHOTO OF THE TEAM: champions again", "The ratio is 1 /2", "The meeting (left: the mayor)"],
)
def test_no_credit_without_its_marker(text: str) -> None:
    assert split_caption(text).credit is None


@pytest.mark.parametrize(
    "text",
    [
        "Photo: Jane Roe. Crowds gather outside the parliament",
        "Photo: Jane Roe | Crowds gather outside the parliament",
        "Image: Jane Roe - Crowds gather outside the parliament",
        "(Photo: Jane Roe) Crowds gather outside the parliament",
    ],
)
def test_a_credit_printed_before_its_caption(text: str) -> None:
    assert split_caption(text) == Caption("Crowds gather outside the parliament", "Jane Roe")


def test_a_credit_before_its_caption_with_a_slash_and_an_agency() -> None:
    assert split_caption("Photo: Jane Roe / dpa. Crowds gather at the station") == Caption(
        "Crowds gather at the station", "Jane Roe / dpa"
    )
    assert split_caption("Photo: Reuters - Crowds gather at the station") == Caption(
        "Crowds gather at the station", "Reuters"
    )
    # the rest of a credit is no caption
    assert split_caption("Photo: Jane Roe - file") == Caption(None, "Jane Roe - file")


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        # an agency's name or an acronym after a slash or a bar between spaces
        ("Passengers wait at the main airport / BNS", "Passengers wait at the main airport", "BNS"),
        ("Police stand guard near the court / LRT", "Police stand guard near the court", "LRT"),
        ("A nurse prepares a dose | Agencia UNO", "A nurse prepares a dose", "Agencia UNO"),
        # a credit in brackets that never closes leaves no bracket in the caption
        ("The minister speaks [Photo: File, Standard", "The minister speaks", "File, Standard"),
        # a place after the slash, or an acronym after a dash, is the text's own
        ("Trains run between Basel / Zurich", "Trains run between Basel / Zurich", None),
        ("The road from Haifa / Tel Aviv", "The road from Haifa / Tel Aviv", None),
        ("Shares fell 3% - NYSE", "Shares fell 3% - NYSE", None),
    ],
)
def test_unmarked_credit_after_a_slash_or_a_bar(
    text: str, caption: str, credit: str | None
) -> None:
    assert split_caption(text) == Caption(caption, credit)
