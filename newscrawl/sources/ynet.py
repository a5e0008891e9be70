"""ynet (https://www.ynet.co.il/news/article/kyufpxgg7): Hebrew, Asia/Jerusalem."""

from newscrawl.sources import SourceStyle

STYLE = SourceStyle(
    key="ynet",
    name="ynet",
    domains=("ynet.co.il",),
    timezone="Asia/Jerusalem",
    language="he",
    main_host="www.ynet.co.il",
    publishers=("ynet",),
    date_lines=(
        # "Yael Katz | Published: 11.01.22, 08:32 | Updated: 11.01.22, 10:02"
        r"(.+ \| )?Published: \d{1,2}\.\d{1,2}\.\d{2,4}, \d{1,2}:\d{2}"
        r"( \| Updated: \d{1,2}\.\d{1,2}\.\d{2,4}, \d{1,2}:\d{2})?",
    ),
    boilerplate=(r"^Comments$", r"^Follow ynet on ", r"^Read more:"),
    # The byline shares the date line: "OREN SHAPIRA | Published: 11.01.22, 17:07"
    # (https://www.ynet.co.il/news/article/kyufpxgg7); "{P} and {P}, {Agency}" has its own.
    inline_byline=r"(?P<byline>.+?) \| (?P<date>Published: .+)",
)
