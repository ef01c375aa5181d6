# feedparser 6: no inline hints, no typeshed stubs.  Only what monitor.feeds uses.
from typing import Any, BinaryIO

class FeedParserDict(dict[str, Any]):
    def __getattr__(self, key: str) -> Any: ...

class ThingsNobodyCaresAboutButMe(Exception): ...
class CharacterEncodingOverride(ThingsNobodyCaresAboutButMe): ...
class NonXMLContentType(ThingsNobodyCaresAboutButMe): ...

def parse(
    url_file_stream_or_string: str | bytes | BinaryIO,
    etag: str | None = ...,
    modified: str | None = ...,
    agent: str | None = ...,
    referrer: str | None = ...,
    handlers: list[Any] | None = ...,
    request_headers: dict[str, str] | None = ...,
    response_headers: dict[str, str] | None = ...,
    resolve_relative_uris: bool | None = ...,
    sanitize_html: bool | None = ...,
) -> FeedParserDict: ...
