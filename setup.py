"""Egg packaging for Scrapyd: `scrapyd-deploy` builds the egg from this file.

See docs/scrapyd.md.

Committed so that scrapyd-deploy never generates one. The egg holds the `newscrawl` package and
its data files (read with `pkgutil.get_data`, which also works from inside a zipped egg); the
entry point tells Scrapyd which settings module the project uses.
"""

from setuptools import find_packages, setup

setup(
    name="newscrawl",
    version="0.1",
    packages=find_packages(include=["newscrawl", "newscrawl.*"]),
    # Data files beside the modules (word lists, the JSON schema); tests/test_scrapyd.py checks
    # that every non-Python file under newscrawl/ ends up in the egg.
    package_data={"newscrawl": ["**/*.txt", "**/*.json"]},
    entry_points={"scrapy": ["settings = newscrawl.settings"]},
    zip_safe=True,
)
