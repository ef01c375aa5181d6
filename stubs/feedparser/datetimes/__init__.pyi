import time

# A date in any format feedparser knows, as a UTC 9-tuple; None when none matches.
def _parse_date(date_string: str | None) -> time.struct_time | None: ...
