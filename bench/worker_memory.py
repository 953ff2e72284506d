#!/usr/bin/env python3
"""Does a worker grow? One gunicorn worker's resident memory over 20,000 varied requests.

    .venv/bin/python bench/worker_memory.py --database bench_newsroom_10000 --mode cold

Needs an archive filled by bench.py. Starts gunicorn with one sync worker
(the bench's environment, cache mode ``--mode`` as in bench.py), then drives
wrk with a Lua script that walks a list of distinct addresses: hundreds of
articles, every category, tag and author page, searches for different
words, the feeds and the home page. After each slice of load it reads the
worker's resident memory (VmRSS) and prints it with the requests so far; a
worker that keeps growing after its first few thousand requests is holding
on to something per request.
"""

from __future__ import annotations

import argparse
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench  # noqa: E402
from bench.harness import gunicorn_command  # noqa: E402


def addresses(database: str, articles: int, searches: int) -> list[str]:
    import psycopg2

    connection = psycopg2.connect(bench.database_url(database))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT publish_date, slug FROM articles_article "
            "WHERE status = 'published' AND publish_at <= now() ORDER BY random() LIMIT %s",
            [articles],
        )
        paths = [f"/{day:%Y/%m/%d}/{slug}/" for day, slug in cursor.fetchall()]
        cursor.execute("SELECT slug FROM articles_category")
        paths += [f"/category/{slug}/" for (slug,) in cursor.fetchall()]
        cursor.execute("SELECT slug FROM taggit_tag ORDER BY id LIMIT 100")
        paths += [f"/tag/{slug}/" for (slug,) in cursor.fetchall()]
        cursor.execute("SELECT slug FROM articles_author")
        paths += [f"/author/{slug}/" for (slug,) in cursor.fetchall()]
    connection.close()
    # Search pages are never kept and, in the bench's archive, match most articles: a few.
    paths += [f"/search/?q={word}" for word in bench.WORDS[:searches]]
    paths += ["/", "/feed/", "/feed/atom/", "/category/afghanistan/?page=2"]
    return paths


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="bench_newsroom_10000")
    parser.add_argument("--mode", choices=list(bench.MODES), default="cold")
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--slice", type=int, default=5, help="seconds of load between readings")
    parser.add_argument("--articles", type=int, default=600, help="distinct articles in the walk")
    parser.add_argument("--searches", type=int, default=5, help="distinct searches in the walk")
    parser.add_argument("--port", type=int, default=8071)
    parser.add_argument("--cache-backend", choices=["redis", "file"], default="redis")
    args = parser.parse_args()
    args.media = Path("/tmp/newsroom-bench-media")
    args.requested_port = args.port

    paths = addresses(args.database, args.articles, args.searches)
    script = Path(tempfile.mkstemp(prefix="newsroom-walk-", suffix=".lua")[1])
    listed = ",\n".join(f'  "{path}"' for path in paths)
    script.write_text(
        f"paths = {{\n{listed}\n}}\ncounter = 0\n"
        "request = function()\n  counter = counter + 1\n"
        "  return wrk.format(nil, paths[(counter % #paths) + 1])\nend\n"
    )
    process = _start(args)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped: stop gunicorn too (finally)
    try:
        worker = bench.worker_pids(process.pid)[0]
        print(
            f"worker memory, mode {args.mode}, {len(paths)} distinct addresses, database {args.database}, "
            f"pid {worker}"
        )
        print(f"{'requests':>9} {'RSS MiB':>8} {'req/s':>7}")
        print(f"{0:>9} {rss_mib(worker):>8.1f}")
        done = 0
        while done < args.requests:
            output = subprocess.run(
                [
                    "wrk",
                    "-t1",
                    "-c4",
                    f"-d{args.slice}s",
                    "-s",
                    str(script),
                    f"http://127.0.0.1:{args.port}/",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            served = int(re.search(r"(\d+) requests in", output).group(1))
            done += served
            print(f"{done:>9} {rss_mib(worker):>8.1f} {served / args.slice:>7.0f}", flush=True)
        print(f"peak (VmHWM) {bench.peak_memory_mib(worker):.1f} MiB")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        script.unlink(missing_ok=True)


def _start(args) -> subprocess.Popen:
    """The bench's gunicorn with a single worker to watch."""
    command = gunicorn_command(
        "newsroom.wsgi", args.port, 1, "--config", str(bench.ROOT / "gunicorn.conf.py")
    )
    process = subprocess.Popen(
        command,
        cwd=bench.ROOT,
        env=bench.django_env(args, args.mode),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 90
    while time.time() < deadline:
        if bench.available(args, "/_bench/floor/"):
            return process
        time.sleep(0.3)
    process.kill()
    sys.exit("gunicorn did not start:\n" + process.stderr.read().decode())


if __name__ == "__main__":
    main()
