"""Le Monde (https://www.lemonde.fr/international/article/2022/01/10/slug_6275625_3210.html):
French, Europe/Paris."""

from newscrawl.sources import SourceStyle

_TIME = r"\d{1,2}:\d{2} [ap]\.m\."

STYLE = SourceStyle(
    key="lemonde",
    name="Le Monde",
    domains=("lemonde.fr",),
    timezone="Europe/Paris",
    language="fr",
    main_host="www.lemonde.fr",
    publishers=("Le Monde",),
    date_lines=(
        # "Published on January 10, 2022 at 3:13 p.m., updated on January 11, 2022 at 9:02 a.m."
        rf"Published on [A-Za-z]+ \d{{1,2}}, \d{{4}} at {_TIME}"
        rf"(, updated (at|on [A-Za-z]+ \d{{1,2}}, \d{{4}} at) {_TIME})?",
    ),
    boilerplate=(
        r"^Subscriber article$",
        r"^Share$",
        r"^Read also:",
        r"^Reuse this content$",
        r"^Le Monde app$",
    ),
)
