"""Infobae (https://www.infobae.com/america/mundo/2022/01/10/some-slug/): Spanish,
America/Argentina/Buenos_Aires (ART, no DST). Its URLs keep their trailing slash."""

from newscrawl.sources import SourceStyle

STYLE = SourceStyle(
    key="infobae",
    name="Infobae",
    domains=("infobae.com",),
    timezone="America/Argentina/Buenos_Aires",
    language="es",
    main_host="www.infobae.com",
    trailing_slash=True,
    publishers=("Infobae",),
    date_lines=(
        r"\d{1,2} [A-Za-z]{3}\.? \d{4}",
        r"[A-Za-z]+ \d{1,2}, \d{4} at \d{1,2}:\d{2} [ap]\.m\. ART",
    ),
    boilerplate=(r"^KEEP READING:?$", r"^Subscribe to our newsletter", r"^Sponsored"),
)
