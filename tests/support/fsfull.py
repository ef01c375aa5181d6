"""A child process running the real Daemon with a file-size limit (RLIMIT_FSIZE) standing
in for a full disk: the kernel refuses writes past the limit (EFBIG), as it refuses them
with ENOSPC on a full filesystem, without needing root to mount a small one.

    python -m tests.support.fsfull FEED_URL DB_FILE HEADROOM_BYTES

The store's files may grow by HEADROOM_BYTES past their size once it is created.

Commands on stdin, one a line: "space" lifts the limit (space returns), "stop" stops the
daemon and prints the store's integrity check.  Log lines go to stderr.
"""

from __future__ import annotations

import logging
import resource
import signal
import sqlite3
import sys
from pathlib import Path


def main(feed_url: str, db_file: str, headroom: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, no signal
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(levelname)s %(name)s %(message)s")
    from monitor.config import parse_config
    from monitor.daemon import Daemon

    config = parse_config(f"defaults: {{jitter: 0}}\nfeeds:\n"
                          f"  - {{name: w, url: '{feed_url}', interval: 1s}}\n", "fsfull.yaml")
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    daemon = Daemon(config, db_file)  # the store is created before the disk fills
    files = [Path(db_file), Path(f"{db_file}-wal"), Path(f"{db_file}-shm")]
    limit = max(f.stat().st_size for f in files if f.exists()) + headroom
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    print("started", flush=True)
    daemon.start()
    try:
        for line in sys.stdin:
            if line.strip() == "space":
                resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
                print("space", flush=True)
            elif line.strip() == "stop":
                break
    finally:
        daemon.shutdown()
    conn = sqlite3.connect(db_file)
    print("integrity", conn.execute("PRAGMA integrity_check").fetchone()[0], flush=True)
    conn.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
