"""Write ``newscrawl/normalize/given_names.txt`` from nomquamgender's name data.

Usage::

    pip download --no-deps nomquamgender==0.1.4 && unzip nomquamgender-0.1.4-*.whl
    python devtools/given_names.py nomquamgender/name_data.json

nomquamgender (Ian Van Buskirk, MIT licence; https://github.com/ianvanbuskirk/nomquamgender)
compiles given names from many national and administrative sources (up to 33 list one name),
each name with the number of sources that list it and the number of people counted. A name
listed by at least :data:`MIN_SOURCES` sources with at least :data:`MIN_PEOPLE` people, of
letters only, is kept, with its count of people: about 8,400 names, 110 KB. The package
itself is not a dependency: it loads 22 MB of JSON (and numpy and pandas) where the crawl
needs one table of words.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

#: A name some sources list by accident ("the", "west") is in few of them; a given name of
#: any large country is in most.
MIN_SOURCES = 15
MIN_PEOPLE = 1000
OUT = Path(__file__).resolve().parents[1] / "newscrawl" / "normalize" / "given_names.txt"
HEADER = (
    "# Given names: nomquamgender 0.1.4's name data (Ian Van Buskirk, MIT licence), names\n"
    f"# listed by >= {MIN_SOURCES} of its sources with >= {MIN_PEOPLE} people, letters only.\n"
    "# One name and its count of people a line. Written by devtools/given_names.py.\n"
)


def given_names(data: dict[str, list[int | float]]) -> list[tuple[str, int]]:
    """The kept names and their counts of people, sorted by name.

    >>> given_names({"anna": [30, 90000, 1.0], "the": [13, 852, 0.2], "jo-ann": [20, 5000, 1]})
    [('anna', 90000)]
    """
    return sorted(
        (name, int(people))
        for name, (sources, people, *_) in data.items()
        if name.isalpha() and sources >= MIN_SOURCES and people >= MIN_PEOPLE
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name_data", type=Path, help="nomquamgender's name_data.json")
    args = parser.parse_args(argv)
    names = given_names(json.loads(args.name_data.read_text(encoding="utf-8")))
    lines = [f"{name} {people}" for name, people in names]
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(names)} names written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
