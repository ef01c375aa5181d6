"""The exceptions a user can meet.

Every error that reaches the user is a ``MonitorError``; its ``str()`` is the one
line the CLI prints (never a traceback), and ``exit_code`` is what the process
exits with.  Messages must never carry secrets: build them from redacted values
(see ``monitor.redact``).
"""

from __future__ import annotations


class MonitorError(Exception):
    """Base class: one clear line for the user."""

    exit_code = 2


class ConfigError(MonitorError):
    """The configuration file is missing, unreadable or invalid.

    ``str()`` reads ``path:line: key: message`` (``path:line:column:`` when the column is
    known, as for YAML syntax errors) so an editor can jump to it.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 key: str | None = None, column: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.key = key
        self.column = column
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "")
            where += (f":{self.column}" if self.line and self.column else "") + ": "
        what = f"{self.key}: " if self.key else ""
        return f"{where}{what}{self.message}"


class ConfigErrors(ConfigError):
    """Several problems in one configuration file, in file order.

    ``str()`` is the first one and how many more there are (one line, as every error);
    ``errors`` holds each of them for ``monitor check``, which prints them all.
    """

    def __init__(self, errors: list[ConfigError]) -> None:
        first = errors[0]
        self.errors = errors
        super().__init__(first.message, path=first.path, line=first.line, key=first.key,
                         column=first.column)
        more = len(errors) - 1
        self.args = (f"{self._render()} (and {more} more error{'s' if more != 1 else ''}: "
                     "`monitor check` lists them all)",)

    def __str__(self) -> str:
        return str(self.args[0])


class FetchError(MonitorError):
    """An HTTP fetch failed (network, status, limits). The URL in it is redacted."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None,
                 retry_after: float | None = None) -> None:
        self.url = url
        self.status = status
        self.retry_after = retry_after
        super().__init__(message)


class BlockedAddressError(FetchError):
    """A URL resolved to a private, loopback, link-local or multicast address."""


class UnsupportedSchemeError(BlockedAddressError):
    """A URL whose scheme is not http or https (file:, ftp:, javascript:, ...)."""


class InvalidURLError(FetchError):
    """A URL the HTTP client cannot use as it is (an octal or percent-encoded host, a
    malformed IPv6 literal or port, an IDNA label that does not encode)."""


class BodyTooLargeError(FetchError):
    """The response body exceeded the configured cap (compressed or decoded)."""


class FeedParseError(MonitorError):
    """Bytes that are not a feed we can read (or that we refuse to parse)."""


class ExtractError(MonitorError):
    """An article page from which no main text could be extracted."""


class StoreError(MonitorError):
    """The SQLite store cannot be used: not ours, from a newer schema, or unwritable."""


class DeliveryError(MonitorError):
    """Sending an alert failed. ``retryable`` is False for permanent refusals."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        self.retryable = retryable
        super().__init__(message)


class InputError(MonitorError):
    """A file or argument given on the command line cannot be used."""


class NotFoundError(MonitorError):
    """A story, version, feed, channel or delivery named by the user does not exist."""
