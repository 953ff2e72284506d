"""CPU per page-cache hit, in process, with the epoch subscription and with one epoch read per hit.

    DATABASE_URL=... REDIS_URL=redis://127.0.0.1:6379/5 DEBUG=0 SECRET_KEY=... ALLOWED_HOSTS=127.0.0.1 \\
        .venv/bin/python bench/hit_cost.py /2026/11/27/a-cabinet-reshuffle-and-the-limits-of-central-power/

Calls the WSGI application directly (no server, no socket), so the figure is
the site's own work per hit; Redis's CPU is read from /proc. Alternates the
two ways three times: why newsroom/pagecache.py keeps ``_EpochWatch``.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402

from bench.harness import wsgi_get  # noqa: E402
from newsroom import pagecache  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def redis_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def main(path: str, hits: int = 3000) -> None:
    app = get_wsgi_application()
    statuses = []

    def hit():
        status, body = wsgi_get(app, path, HTTP_ACCEPT_LANGUAGE="en")
        statuses.append(status)
        return body

    redis = int(subprocess.check_output(["pgrep", "-x", "redis-server"]).split()[0])
    watched = pagecache._watch.epoch
    for way in ["subscription", "epoch read", "subscription", "epoch read", "subscription", "epoch read"]:
        pagecache._watch.epoch = (
            watched if way == "subscription" else lambda cache: cache.get(pagecache.EPOCH_KEY)
        )
        for _ in range(50):
            hit()
        redis_before, cpu_before = redis_cpu(redis), time.process_time()
        for _ in range(hits):
            hit()
        site = (time.process_time() - cpu_before) / hits * 1e6
        server = (redis_cpu(redis) - redis_before) / hits * 1e6
        print(f"{way:13} site {site:5.0f} µs  Redis {server:4.0f} µs  per hit ({statuses[-1]})")


if __name__ == "__main__":
    main(sys.argv[1])
