"""Liberty Times Net (https://news.ltn.com.tw/news/politics/breakingnews/3789379): Chinese,
Asia/Taipei. The byline is in brackets, alone or in front of the first paragraph."""

from newscrawl.sources import SourceStyle

STYLE = SourceStyle(
    key="ltn",
    name="Liberty Times Net",
    domains=("ltn.com.tw",),
    timezone="Asia/Taipei",
    language="zh",
    host_aliases={"m.ltn.com.tw": "news.ltn.com.tw", "ltn.com.tw": "news.ltn.com.tw"},
    publishers=("Liberty Times Net", "Liberty Times"),
    date_lines=(r"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}",),
    boilerplate=(
        r"^Don't miss the wonderful content",
        r"^Download the app",
        r"^Like Liberty Times Net on Facebook",
    ),
    # The byline in brackets, as its own <p> or in front of the first body paragraph:
    # "[Reporter Wu Kuan-yu/Taipei Report] Russian President ..." (the bracket is not body;
    # https://news.ltn.com.tw/news/politics/breakingnews/3789379).
    paragraph_byline=r"\[(?P<byline>[^\[\]]{2,300})\]\s*(?P<rest>.*)",
)
