from feedparser import FeedParserDict

# The document re-encoded as UTF-8; ``result`` receives the detected encoding and bozo.
def convert_to_utf8(http_headers: dict[str, str], data: bytes,
                    result: FeedParserDict) -> bytes: ...
