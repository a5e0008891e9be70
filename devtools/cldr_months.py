"""Write ``newscrawl/lexicon/cldr_months.json``: month names of every CLDR language (``babel``)
that mean one month in every language that has them, and that the lexicon lacks.

Usage::

    .venv/bin/python -m devtools.cldr_months          # rewrite the file
    .venv/bin/python -m devtools.cldr_months --check  # exit 1 when it differs from babel's data

A date line of a publisher whose language is not known (a ``.com`` host) is read with these
names beside the lexicon's ("20. martie 2022": Romanian), where loading every CLDR locale at
run time would cost ~2 s and ~150 MB. A name two languages give different months ("listopad":
October in Croatian, November in Czech and Polish) is left out: only the publisher's own
language tells it (:func:`newscrawl.normalize.dates._months`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "newscrawl" / "lexicon" / "cldr_months.json"


def unambiguous_months() -> dict[str, int]:
    """Every base CLDR locale's wide and abbreviated month names (lower case, alphabetic, three
    letters or more) that name one month wherever they appear and that the lexicon lacks."""
    from babel import Locale, localedata

    from newscrawl.lexicon import month_numbers

    found: dict[str, set[int]] = {}
    for name in localedata.locale_identifiers():
        if "_" in name:
            continue  # a region's variant repeats its language's names
        try:
            locale = Locale.parse(name)
        except (ValueError, TypeError):
            continue
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, month in locale.months[context][width].items():
                    word = re.split(r"[\s'’]", str(month).lower().rstrip("."))[-1]
                    if len(word) >= 3 and word.isalpha():
                        found.setdefault(word, set()).add(int(number))
    known = month_numbers()
    return {
        word: numbers.pop()
        for word, numbers in sorted(found.items())
        if len(numbers) == 1 and word not in known
    }


def render(table: dict[str, int]) -> str:
    return json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    text = render(unambiguous_months())
    if args.check:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == text
        print(f"{TARGET}: {'up to date' if same else 'differs from babel data: rewrite it'}")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"{TARGET}: {text.count(':')} month names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
