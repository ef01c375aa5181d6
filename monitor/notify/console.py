"""The console channel: alerts printed as plain text (the default destination)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from monitor.notify import render
from monitor.notify.base import Message


class ConsoleChannel:
    def __init__(self, name: str, options: Mapping[str, Any], *, timeout: float) -> None:
        self.name = name
        self.stream_name = options.get("stream", "stdout")
        self.color = options.get("color", "auto")

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
