"""Maariv (https://www.maariv.co.il/news/world/Article-882460): Hebrew, Asia/Jerusalem."""

from newscrawl.sources import SourceStyle

STYLE = SourceStyle(
    key="maariv",
    name="Maariv",
    domains=("maariv.co.il",),
    timezone="Asia/Jerusalem",
    language="he",
    main_host="www.maariv.co.il",
    publishers=("Maariv Online", "Maariv"),
    date_lines=(r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}",),
    boilerplate=(r"^Subscribe to the Maariv newsletter", r"For the full article$", r"^Tags:$"),
)
