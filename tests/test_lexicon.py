"""The lexicon is the one place for the words of news pages: each language is one module, found
without registration, and no other module keeps its own month table or by-word list."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.lexicon import BY_WORDS, alternation, languages, month_numbers, words

PACKAGE = Path(__file__).resolve().parent.parent / "newscrawl"


def test_every_module_of_the_package_is_a_language() -> None:
    modules = {p.stem for p in (PACKAGE / "lexicon").glob("*.py") if p.stem != "__init__"}
    assert {language.code for language in languages()} == modules


@pytest.mark.parametrize("language", languages(), ids=lambda language: language.code)
def test_a_language_has_twelve_months_or_none(language: object) -> None:
    months = language.months  # type: ignore[attr-defined]
    assert len(months) in (0, 12)
    assert all(name == name.casefold() for names in months for name in names)


def test_months_and_by_words_of_every_language() -> None:
    numbers = month_numbers()
    assert (numbers["januar"], numbers["juillet"], numbers["dicembre"], numbers["maj"]) == (
        1,
        7,
        12,
        5,
    )
    assert re.fullmatch(BY_WORDS, "von") and re.fullmatch(BY_WORDS, "przez")
    assert {"aktualisiert", "mis à jour", "updated"} <= set(words("updated"))


@pytest.mark.parametrize(
    "word",
    [
        r"[\"' ]january[\"' ]",
        r"[\"' ]januar[\"' ]",
        r"[\"' ]février[\"' ]",
        r"\|von\|par\|",
        r"[\"']correspondent[\"'],",
        r"[\"']newsroom[\"'],",
    ],
)
def test_no_other_module_keeps_its_own_table(word: str) -> None:
    elsewhere = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "lexicon" not in path.parts and re.search(word, path.read_text(encoding="utf-8"))
    ]
    assert elsewhere == []


def _plain_alternation(items: tuple[str, ...]) -> str:
    """The alternation as it was written before the prefix tree: longest first."""
    ordered = sorted(set(items), key=lambda item: (-len(item), item))
    return "|".join(r"\s+".join(re.escape(part) for part in item.split()) for item in ordered)


@pytest.mark.parametrize("kind", ["published", "updated", "weekdays", "by", "credit", "writer"])
def test_the_prefix_tree_matches_what_the_plain_alternation_matched(kind: str) -> None:
    """``alternation`` builds a prefix tree (four times faster on long lines): every word of a
    kind, in any case, with and without a longer word after it, is found at the same places
    with the same extent as by the plain longest-first alternation."""
    items = words(kind)
    text = " | ".join(
        f"{w} {w.upper()}, {w.title()}d x{w} {w}s. " for w in (*items, "Jane Roe", "12:30")
    )
    for flags in (0, re.IGNORECASE):
        tree = re.compile(rf"\b(?:{alternation(items)})\b", flags)
        plain = re.compile(rf"\b(?:{_plain_alternation(items)})\b", flags)
        found = [m.span() for m in tree.finditer(text)]
        assert found == [m.span() for m in plain.finditer(text)]
        assert found, kind


def test_the_cldr_month_table_is_babels() -> None:
    """``newscrawl/lexicon/cldr_months.json`` is what ``devtools/cldr_months.py`` writes from the
    installed babel's CLDR data (a babel upgrade that changes it fails here: rewrite it)."""
    project = Path(__file__).resolve().parents[1]
    check = subprocess.run(
        [sys.executable, "-m", "devtools.cldr_months", "--check"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "up to date" in check.stdout
