"""``-h`` of the project's commands without Scrapy's garbled headings.

Scrapy's help formatter underlines and title-cases every printed line that ends with a colon,
meant for the section headings (``Options:``); a wrapped option help whose line breaks after a
colon became a heading too (``scrapy extract -h`` printed ``A Folder Pages May Be Read From
(Repeatable; Default`` over a line of ``=``; narrow terminals garble ``--loglevel``'s help).
:class:`HelpFormatter` makes no heading inside an option's help; :class:`ProjectHelp` puts it
on a command's parser.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, NoReturn

from scrapy.commands import ScrapyCommand, ScrapyHelpFormatter

# Scrapy makes a command of every ScrapyCommand subclass in this package: the mixin is one only
# for the type checker.
if TYPE_CHECKING:
    _Command = ScrapyCommand
else:
    _Command = object


class HelpFormatter(ScrapyHelpFormatter):
    """Scrapy's formatter, with no heading made inside an option's help.

    >>> parser = argparse.ArgumentParser(prog="x", formatter_class=HelpFormatter)
    >>> _ = parser.add_argument("--root", help="a folder (default: " + "x" * 80 + ")")
    >>> [line for line in parser.format_help().splitlines() if line.startswith("==")]
    ['=====', '=======']
    """

    _in_option = 0

    def _format_action(self, action: argparse.Action) -> str:
        self._in_option += 1
        try:
            return super()._format_action(action)
        finally:
            self._in_option -= 1

    def format_part_strings(self, part_strings: list[str]) -> list[str]:
        """Scrapy's headings, but not in the lines of an option's help."""
        if self._in_option:
            return part_strings
        return super().format_part_strings(part_strings)


class ProjectHelp(_Command):
    """A command whose ``-h`` uses :class:`HelpFormatter` and which refuses unknown options.

    Put it first among the bases.
    """

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.formatter_class = HelpFormatter
        # Scrapy reports a usage error (an option without its value, ``-a days`` without ``=``,
        # an unknown -O format, ``scrapy state`` without a site) through ``parser.error``: a
        # "Usage / =====" block over the line saying why.
        parser.error = one_line_error  # type: ignore[method-assign]

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Refuse an unknown option in one line before anything else reads the arguments.

        Scrapy parses with ``parse_known_args``: an unknown option stayed among the positional
        arguments, and ``scrapy crawl SITE --bogus`` said "running 'scrapy crawl' with more than
        one spider is not supported", ``scrapy extract --bogus x`` "expected one input file".
        """
        unknown = unknown_option(args)
        if unknown is not None:
            command = type(self).__module__.rsplit(".", 1)[-1]
            print(
                f"newscrawl: error: unknown option {unknown!r} "
                f"(scrapy {command} -h lists the options)",
                file=sys.stderr,
            )
            raise SystemExit(2)
        for option, values in (("-a", "spargs"), ("-s", "set"), ("--setting", "job_settings")):
            given = list(getattr(opts, values, None) or ())
            if bad := next((v for v in given if "=" not in v), None):
                one_line_error(f"{option} {bad!r}: expected {option} NAME=VALUE")
            if twice := given_twice(given):
                one_line_error(f"{option} {twice} is given twice with different values")
        super().process_options(args, opts)


def given_twice(pairs: list[str]) -> str | None:
    """The first NAME of ``NAME=VALUE`` pairs given again with another value, else None
    (Scrapy keeps the last one silently: ``-a days=1 -a days=2`` ran with 2).

    >>> given_twice(["days=1", "fresh=true", "days=2"]), given_twice(["days=1", "days=1"])
    ('days', None)
    """
    seen: dict[str, str] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        name = name.strip()
        if seen.setdefault(name, value) != value:
            return name
    return None


def one_line_error(message: str) -> NoReturn:
    """Print a usage error as one line on stderr and exit 2, as any other refusal.

    >>> try:
    ...     one_line_error("File not found: x.py\\n")
    ... except SystemExit as exc:
    ...     exc.code
    2
    """
    line = "; ".join(part.strip() for part in message.splitlines() if part.strip())
    print(f"newscrawl: error: {line}", file=sys.stderr)
    raise SystemExit(2)


def unknown_option(args: list[str]) -> str | None:
    """The first positional argument that is an option argparse did not know, else None.

    ``-`` alone (standard input) and a negative number are no options.

    >>> unknown_option(["limitedtimes", "--bogus"]), unknown_option(["-x", "y"])
    ('--bogus', '-x')
    >>> unknown_option(["limitedtimes"]), unknown_option(["-"]), unknown_option(["-5"])
    (None, None, None)
    """
    for arg in args:
        if arg.startswith("-") and arg != "-" and not arg.lstrip("-").replace(".", "").isdigit():
            return arg
    return None
