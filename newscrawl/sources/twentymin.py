"""20 minutes (https://www.20min.ch/story/some-slug-103456789): German, Europe/Zurich."""

from newscrawl.sources import SourceStyle

STYLE = SourceStyle(
    key="20min",
    name="20 minutes",
    domains=("20min.ch",),
    timezone="Europe/Zurich",
    language="de",
    main_host="www.20min.ch",
    publishers=("20 minutes", "20 Minuten"),
    date_lines=(
        r"Published \d{1,2} [A-Za-z]+ \d{4}, \d{1,2}:\d{2}",
        r"Updated \d{1,2} [A-Za-z]+ \d{4}, \d{1,2}:\d{2}",
    ),
    boilerplate=(r"^That's what it's about$", r"^Your opinion$", r"^Did you notice a mistake\?"),
)
