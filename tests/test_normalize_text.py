"""Tests for newscrawl.normalize.text."""

from __future__ import annotations

import re

import pytest

from newscrawl.normalize.text import clean_text, ends_sentence, join_fragments, word_count
from tests.helpers.replica import Page, Record, source_block, unique_pages


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  a  b ", "a b"),
        ("a\u00a0\u00a0b", "a b"),
        ("a\n\tb", "a b"),
        ("Ben\u200b-Ami", "Ben-Ami"),
        ("\ufeffHello\u2009world\u3000!", "Hello world !"),
        ("\u00a0", ""),
        ("", ""),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Done.", True),
        ("Really?", True),
        ("Wow!", True),
        ("And then…", True),
        ("Read more:", True),
        ('He said: "We won."', True),
        ("He said: \u201cWe won.\u201d", True),
        ("(See below.)", True),
        ('the "color revolutions"', True),
        ("the successor to the", False),
        ("Click me to download the APP", False),
        ("Price: 5", False),
        ("", False),
        ("   ", False),
    ],
)
def test_ends_sentence(text: str, expected: bool) -> None:
    assert ends_sentence(text) is expected


def test_join_three_pieces_with_short_name() -> None:
    pieces = ["The board, the heir of the", "NKVD", ", said calm had returned."]
    assert join_fragments(pieces) == ["The board, the heir of the NKVD, said calm had returned."]


def test_join_lone_dot_across_empty_paragraph() -> None:
    assert join_fragments(["the first time since the war", "", "\u00a0", "."]) == [
        "the first time since the war."
    ]


def test_join_dot_after_closing_quote() -> None:
    assert join_fragments(['He called it "a disgrace"', "."]) == ['He called it "a disgrace".']


def test_short_name_after_quoted_ending_is_not_joined() -> None:
    assert join_fragments(['He said "never"', "Comments"]) == ['He said "never"', "Comments"]


def test_join_lower_case_continuation() -> None:
    assert join_fragments(["The minister said that the", "plan would pass."]) == [
        "The minister said that the plan would pass."
    ]


def test_join_multi_word_place_name() -> None:
    pieces = ["Meanwhile, in", "Rio de Janeiro", ", councils met.", "Next one."]
    assert join_fragments(pieces) == ["Meanwhile, in Rio de Janeiro, councils met.", "Next one."]


@pytest.mark.parametrize("punct", [",", ".", ";", ":", "!", "?", ")"])
def test_no_space_before_closing_punctuation(punct: str) -> None:
    assert join_fragments(["It was the", f"{punct} end."]) == [f"It was the{punct} end."]


def test_does_not_join_normal_paragraphs() -> None:
    paragraphs = ["First paragraph.", "Second paragraph starts here.", "Third."]
    assert join_fragments(paragraphs) == paragraphs


def test_unfinished_paragraph_without_continuation_stays() -> None:
    paragraphs = [
        "Click me to download the APP",
        "The matter has been on the agenda for 83 months, and it provoked reactions.",
    ]
    assert join_fragments(paragraphs) == paragraphs


def test_lower_case_start_after_finished_paragraph_is_not_joined() -> None:
    assert join_fragments(["It ended.", "iPhone sales rose."]) == [
        "It ended.",
        "iPhone sales rose.",
    ]


def test_boilerplate_title_is_not_a_short_name() -> None:
    paragraphs = ["Don't miss the wonderful content", "Download the app"]
    assert join_fragments(paragraphs) == paragraphs


def test_empty_input() -> None:
    assert join_fragments([]) == []
    assert join_fragments(["", "\u00a0"]) == []


@pytest.mark.parametrize(("text", "count"), [("", 0), ("one", 1), ("Be'er Sheva, 2022!", 4)])
def test_word_count(text: str, count: int) -> None:
    assert word_count(text) == count


@pytest.mark.parametrize(
    ("page", "record"),
    unique_pages(),
    ids=lambda v: v["truth_id"] if isinstance(v, dict) and "truth_id" in v else "",
)
def test_fixture_bodies_survive_join(page: Page, record: Record) -> None:
    """Every truth paragraph comes out of join_fragments over the block's <p> texts."""
    block = source_block(page)
    texts = [re.sub(r"^\[[^\]]*\]\s*", "", p.text_content()) for p in block.iter("p")]
    joined = join_fragments(texts)
    body = record["body"]
    assert isinstance(body, list)
    for paragraph in body:
        assert clean_text(paragraph) in joined
