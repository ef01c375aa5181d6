"""The console channel: alerts printed as plain text (the default destination)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from monitor.notify import render
from monitor.notify.base import Message

# Where console channels without a `stream` option print.  A command whose stdout is
# machine-readable (`monitor poll --json`) calls use_stream("stderr") first.
_default_stream = "stdout"


def use_stream(name: str) -> None:
    """Set the default stream ("stdout" or "stderr") of console channels."""
    global _default_stream
    if name not in ("stdout", "stderr"):
        raise ValueError(f"stream must be stdout or stderr, not {name!r}")
    _default_stream = name


class ConsoleChannel:
    def __init__(self, name: str, options: Mapping[str, Any], *, timeout: float) -> None:
        self.name = name
        self.stream_option = options.get("stream")
        self.color = options.get("color", "auto")

    @property
    def stream_name(self) -> str:
        return self.stream_option or _default_stream

    def _stream(self) -> Any:
        return sys.stderr if self.stream_name == "stderr" else sys.stdout

    def _use_color(self, stream: Any) -> bool:
        if self.color in (True, "always"):
            return True
        if self.color in (False, "never"):
            return False
        from monitor.cli.common import color_enabled

        return color_enabled(stream)

    def send(self, message: Message) -> str:
        import click

        stream = self._stream()
        # Both parts are cleaned of control characters: feed text cannot drive the terminal.
        heading = f"[{self.name}] {render.subject(message.payload)}"
        body = render.text_body(message.payload)
        if self._use_color(stream):
            heading = click.style(heading, bold=True, fg="yellow")
        click.echo(f"{heading}\n{body}", file=stream, color=self._use_color(stream))
        stream.flush()
        return f"printed to {self.stream_name}"
