"""Walla! news (https://news.walla.co.il/item/3519282): Hebrew, Asia/Jerusalem."""

from newscrawl.sources import SourceStyle

STYLE = SourceStyle(
    key="walla",
    name="Walla! news",
    domains=("walla.co.il",),
    timezone="Asia/Jerusalem",
    language="he",
    host_aliases={"m.walla.co.il": "news.walla.co.il", "walla.co.il": "news.walla.co.il"},
    publishers=("Walla! news", "Walla!", "Walla"),
    date_lines=(
        r"\d{1,2}/\d{1,2}/\d{4}",
        # "Monday, 10 January 2022, 15:34 Updated: 17:12"
        r"[A-Za-z]+day, \d{1,2} [A-Za-z]+ \d{4}, \d{1,2}:\d{2}( Updated: \d{1,2}:\d{2})?",
    ),
    boilerplate=(r"^Share on ", r"^Comments$", r"^More on Walla!", r"^Read more about "),
)
