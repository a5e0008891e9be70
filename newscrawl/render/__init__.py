"""Render listings that only exist after JavaScript runs, with scrapy-playwright and Chromium.

* :mod:`~newscrawl.render.config`: the ``NEWSCRAWL_RENDER_*`` settings as a dataclass;
* :mod:`~newscrawl.render.detect`: pure checks for a page built in the browser;
* :mod:`~newscrawl.render.policy`: which requests go through the browser (``render=`` argument);
* :mod:`~newscrawl.render.handler`: the http(s) download handler that starts the browser lazily;
* :mod:`~newscrawl.render.browser`: the scrapy-playwright handler it starts (imports playwright).

Only ``browser`` imports playwright, and only when the first page needs a browser: a run with
``render=never`` (or one that never meets such a page) works without it.
"""
