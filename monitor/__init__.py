"""monitor: change-detection for evolving news stories."""

__version__ = "0.1.0"
USER_AGENT = f"monitor/{__version__} (news fact-change monitor; +https://github.com/monitor-news/monitor)"
