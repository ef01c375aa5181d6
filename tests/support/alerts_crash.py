"""A process to kill -9 in alert tests: `python -m tests.support.alerts_crash CONFIG DB`.

It runs one real poll (monitor.pipeline: the new version, its fact changes and
their delivery rows are committed in one transaction), prints "committed" and
then hangs *before* sending anything, as a daemon would if it died between
storing a change and delivering its alert.
"""

from __future__ import annotations

import sys
import time

from monitor.config import load_config
from monitor.pipeline import Pipeline
from monitor.store import Store


def main(config_file: str, db_file: str) -> None:
    config = load_config(config_file)
    with Store.open(db_file) as store, Pipeline(config, store) as pipeline:
        outcomes = pipeline.poll()
        changes = sum(o.changes for o in outcomes)
        pending = store.query("SELECT count(*) AS n FROM deliveries WHERE status = 'pending'")
        print(f"committed changes={changes} pending={pending[0]['n']}", flush=True)
        time.sleep(600)  # killed here, before any delivery


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
