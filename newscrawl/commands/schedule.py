"""``scrapy schedule SPIDER [-a NAME=VALUE ...]``: start one run of a spider on Scrapyd.

Scrapyd runs jobs but has no timetable, so cron or a systemd timer calls this command (see
docs/scrapyd.md). It posts to Scrapyd's ``schedule.json`` at ``$SCRAPYD_URL``
with HTTP basic authentication from ``$SCRAPYD_USERNAME`` / ``$SCRAPYD_PASSWORD`` (none when the
username is unset), prints the job id alone on stdout and exits 0. Any refusal (HTTP error such
as 401, Scrapyd's ``"status": "error"``, an unreachable server, an answer that is not Scrapyd's)
is one line on stderr and exit code 1; a bad spider argument, a ``--setting`` path outside
``NEWSCRAWL_ALLOWED_ROOTS`` (the rules of :mod:`newscrawl.paths`) or bad usage is one line and
exit code 2, before anything is sent.

The transport is scrapyd-client's library (``scrapyd_client.ScrapydClient``, pinned in
requirements-deploy.txt): its basic authentication (the username and password, else the
``~/.netrc`` entry of the host), its ``schedule.json`` form and its reading of Scrapyd's answer
(``ErrorResponse``, ``MalformedResponse``). Two things scrapyd-client 2.0.3 does not do, and a
command run by cron needs, are added by :class:`_Client`, which overrides only how a request is
sent: a timeout (the library waits forever on a Scrapyd that accepts and never answers) and
the HTTP status (the library reads any body as the answer, so a 401 would read as "not JSON").
scrapyd-client is imported when the command runs, so the deployed egg (which Scrapyd loads with
every command module) does not need it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.conf import arglist_to_dict

from newscrawl.args import BadArgument
from newscrawl.commands.helptext import ProjectHelp
from newscrawl.outputs import resolve_defaults
from newscrawl.paths import UnsafePath, check_job_settings
from newscrawl.settingspec import check_sent

#: Names schedule.json takes for itself; a spider argument cannot use them.
RESERVED_NAMES = frozenset({"project", "spider", "setting", "jobid", "priority", "_version"})


class ScheduleError(Exception):
    """Scrapyd did not accept the job; the message is one line for the user."""


@dataclass(frozen=True)
class ScrapydTarget:
    """Where Scrapyd listens and who we are to it."""

    url: str
    username: str | None = None
    password: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> ScrapydTarget:
        """Read ``SCRAPYD_URL``, ``SCRAPYD_USERNAME`` and ``SCRAPYD_PASSWORD``.

        >>> ScrapydTarget.from_env({"SCRAPYD_URL": "http://127.0.0.1:6800"})
        ScrapydTarget(url='http://127.0.0.1:6800/', username=None, password=None)
        >>> ScrapydTarget.from_env({})
        Traceback (most recent call last):
        ...
        newscrawl.commands.schedule.ScheduleError: SCRAPYD_URL is not set \
(e.g. export SCRAPYD_URL=http://127.0.0.1:6800)
        """
        url = environ.get("SCRAPYD_URL", "").strip()
        if not url:
            raise ScheduleError(
                "SCRAPYD_URL is not set (e.g. export SCRAPYD_URL=http://127.0.0.1:6800)"
            )
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ScheduleError(f"SCRAPYD_URL {redact(url)!r} is not an http(s) URL")
        return cls(
            url=url if url.endswith("/") else url + "/",
            username=environ.get("SCRAPYD_USERNAME") or None,
            password=environ.get("SCRAPYD_PASSWORD") or None,
        )


def redact(url: str) -> str:
    """``url`` without a password in its user part, for messages.

    >>> redact("http://bot:s3cret@127.0.0.1:6800/")
    'http://bot:***@127.0.0.1:6800/'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{netloc}"))


def schedule_form(
    project: str,
    spider: str,
    spider_args: Mapping[str, str],
    settings: Mapping[str, str] = {},  # noqa: B006 - read only
    *,
    jobid: str | None = None,
    priority: float | None = None,
) -> list[tuple[str, str]]:
    """The form fields of a ``schedule.json`` request.

    >>> schedule_form("newscrawl", "limitedtimes", {"days": "1"}, {"LOG_LEVEL": "INFO"})
    [('project', 'newscrawl'), ('spider', 'limitedtimes'), ('setting', 'LOG_LEVEL=INFO'), \
('days', '1')]
    >>> schedule_form("newscrawl", "limitedtimes", {"jobid": "x"})
    Traceback (most recent call last):
    ...
    newscrawl.commands.schedule.ScheduleError: spider argument 'jobid' is a name schedule.json \
keeps for itself (project, spider, setting, jobid, priority, _version)
    """
    for name in spider_args:
        if name in RESERVED_NAMES:
            reserved = "project, spider, setting, jobid, priority, _version"
            raise ScheduleError(
                f"spider argument {name!r} is a name schedule.json keeps for itself ({reserved})"
            )
    form = [("project", project), ("spider", spider)]
    form += [("setting", f"{name}={value}") for name, value in settings.items()]
    if jobid:
        form.append(("jobid", jobid))
    if priority is not None:
        form.append(("priority", str(priority)))
    form += list(spider_args.items())
    return form


def one_line(text: str, limit: int = 300) -> str:
    """Collapse whitespace and cut, so a message stays one readable line.

    >>> one_line("spider 'x'\\n  not found")
    "spider 'x' not found"
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _client_class() -> type[Any]:
    """scrapyd-client's ScrapydClient with a timeout and the HTTP status (see the module doc)."""
    try:
        import requests
        from scrapyd_client import pyclient
    except ImportError as exc:
        raise ScheduleError(
            f"scrapy schedule needs scrapyd-client ({exc}): pip install -r requirements-deploy.txt"
        ) from None

    class _Client(pyclient.ScrapydClient):  # type: ignore[misc]
        timeout = 30.0

        def _post(self, basename: str, data: Any) -> Any:
            url = f"{self.url}/{basename}.json"
            shown = redact(url)
            try:
                response = requests.post(
                    url, data=data, headers=pyclient.HEADERS, auth=self.auth, timeout=self.timeout
                )
            except requests.RequestException as exc:
                cause = exc.args[0] if exc.args else exc
                reason = getattr(cause, "reason", cause)
                message = f"cannot reach Scrapyd at {shown}: {one_line(str(reason))}"
                raise ScheduleError(message) from None
            if response.status_code >= 400:
                hint = ""
                if response.status_code == 401:
                    hint = ": check SCRAPYD_USERNAME and SCRAPYD_PASSWORD"
                raise ScheduleError(
                    f"Scrapyd at {shown} refused the job: HTTP {response.status_code} "
                    f"{response.reason}{hint}"
                )
            return pyclient._process_response(response)

    return _Client


def schedule(
    target: ScrapydTarget, form: Sequence[tuple[str, str]], *, timeout: float = 30.0
) -> str:
    """Post ``form`` to ``schedule.json``; return the job id or raise :class:`ScheduleError`."""
    from scrapyd_client.exceptions import ErrorResponse, MalformedResponse

    client = _client_class()(target.url.rstrip("/"), target.username, target.password)
    client.timeout = timeout
    shown = redact(f"{client.url}/schedule.json")
    fields = dict(form[:2])
    try:
        jobid = client.schedule(fields["project"], fields["spider"], list(form[2:]))
    except ErrorResponse as exc:
        raise ScheduleError(f"Scrapyd at {shown} refused the job: {one_line(str(exc))}") from None
    except MalformedResponse as exc:
        raise ScheduleError(f"{shown} did not answer JSON: {one_line(str(exc), 120)!r}") from None
    except (KeyError, TypeError, RuntimeError, AttributeError) as exc:
        # An answer that is JSON but not Scrapyd's (no "status", no "jobid", not an object).
        raise ScheduleError(
            f"{shown} answered what Scrapyd does not: {one_line(repr(exc))}"
        ) from None
    if not isinstance(jobid, str) or not jobid:
        raise ScheduleError(f"Scrapyd at {shown} answered ok but gave no job id: {jobid!r}")
    return jobid


class Command(ProjectHelp, ScrapyCommand):
    """Post one run of a spider to Scrapyd's schedule.json."""

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] <spider>"

    def short_desc(self) -> str:
        return "Schedule a run of a spider on Scrapyd ($SCRAPYD_URL); print the job id"

    def long_desc(self) -> str:
        return (
            "Post a run of <spider> to Scrapyd's schedule.json at $SCRAPYD_URL, with basic "
            "authentication from $SCRAPYD_USERNAME / $SCRAPYD_PASSWORD. Prints the job id; "
            "exits 1 with one line on stderr when Scrapyd refuses or cannot be reached, 2 on "
            "a bad spider argument or --setting (a value out of its type or range, an unknown "
            "NEWSCRAWL_* name, a path outside NEWSCRAWL_ALLOWED_ROOTS). Spider arguments are "
            "checked here first when the spider is known locally."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-a",
            dest="spargs",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="spider argument for the job (may be repeated)",
        )
        parser.add_argument(
            "--setting",
            dest="job_settings",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="Scrapy setting for the job (may be repeated)",
        )
        parser.add_argument(
            "--project", default=None, help="Scrapyd project (default: BOT_NAME, newscrawl)"
        )
        parser.add_argument("--jobid", default=None, help="job id to use (default: Scrapyd's)")
        parser.add_argument(
            "--priority", type=float, default=None, help="job priority (default: 0)"
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        try:
            opts.spargs = arglist_to_dict(opts.spargs)
        except ValueError:
            raise UsageError("Invalid -a value, use -a NAME=VALUE", print_help=False) from None
        try:
            opts.job_settings = arglist_to_dict(opts.job_settings)
        except ValueError:
            raise UsageError(
                "Invalid --setting value, use --setting NAME=VALUE", print_help=False
            ) from None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.settings is not None
        resolve_defaults(self.settings)  # this machine's environment: its roots
        spider = args[0]
        try:
            self._check_arguments(spider, dict(opts.spargs))
            # The job's feed, state, log... must stay inside the roots, as `scrapy crawl` checks.
            check_job_settings(self.settings, opts.job_settings, spider)
            check_sent(self.settings, opts.job_settings)  # types and ranges, as the job will
        except (BadArgument, ScheduleError, UnsafePath) as exc:
            print(f"newscrawl: error: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        try:
            target = ScrapydTarget.from_env()
            form = schedule_form(
                opts.project or self.settings.get("BOT_NAME"),
                spider,
                opts.spargs,
                opts.job_settings,
                jobid=opts.jobid,
                priority=opts.priority,
            )
            jobid = schedule(target, form)
        except ScheduleError as exc:
            print(f"newscrawl: error: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        print(jobid)

    def _check_arguments(self, spider: str, spider_args: dict[str, str]) -> None:
        """Run the spider's own argument check when the spider is known locally."""
        schedule_form("-", spider, spider_args)  # reserved names
        assert self.settings is not None
        try:
            spidercls = get_spider_loader(self.settings).load(spider)
        except KeyError:
            return  # perhaps deployed but not in this checkout: Scrapyd decides
        check = getattr(spidercls, "check_arguments", None)
        if check is not None:
            check(spider_args, self.settings)
