"""Why a request failed for good, as a short stable name for ``newscrawl/pages/failed/<reason>``."""

from __future__ import annotations

from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

_BY_TYPE: tuple[tuple[type[BaseException], str], ...] = (
    (DownloadTimeoutError, "timeout"),
    (ResponseDataLossError, "data_loss"),
    (DownloadConnectionRefusedError, "connection_refused"),
    (DownloadFailedError, "connection_lost"),
    (DownloadCancelledError, "too_large"),  # the only cancel is DOWNLOAD_MAXSIZE's
)


def failure_reason(failure: Failure) -> str:
    """``http_<status>``, ``timeout``, ``too_large``, ``redirect_loop``... else the type's name.

    >>> failure_reason(Failure(DownloadTimeoutError("took too long")))
    'timeout'
    >>> failure_reason(Failure(IgnoreRequest("Cancelled ... exceeded DOWNLOAD_MAXSIZE ...")))
    'too_large'
    >>> failure_reason(Failure(KeyError("x")))
    'KeyError'
    """
    value = failure.value
    if isinstance(value, HttpError):
        return f"http_{value.response.status}"
    for kind, reason in _BY_TYPE:
        if isinstance(value, kind):
            return reason
    if isinstance(value, IgnoreRequest):
        message = str(value)
        if "DOWNLOAD_MAXSIZE" in message:  # HttpCompressionMiddleware: a decompression bomb
            return "too_large"
        if "max redirections" in message:
            return "redirect_loop"
        if "offsite" in message.lower():
            return "offsite"
        return "ignored"
    return type(value).__name__
