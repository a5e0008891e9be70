"""Development and test tools kept out of the deployed egg.

The replica server, truth comparison and Chromium process probing. Tests, ``scripts/`` and
``bench/`` import them; ``newscrawl`` never does.
"""
