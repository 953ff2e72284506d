"""Shared caches in front of the site: a page's tags in the edge's header, and exact purges.

A page whose tags do not fit the header gets ``s-maxage=0``: no edge keeps what it cannot purge.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

SEPARATORS = {"xkey": " ", "Surrogate-Key": " ", "Cache-Tag": ","}
EDGE_HEADER = {"varnish": "xkey", "fastly": "Surrogate-Key", "cloudflare": "Cache-Tag"}
BATCH = {"varnish": 100, "fastly": 256, "cloudflare": 100}  # tags one purge request takes
RETRY_DELAYS = (0.2, 0.5)


def tag_headers(tags) -> dict[str, str] | None:
    """The edge headers naming ``tags``; None if one would pass the size limit."""
    kind = settings.PAGECACHE_EDGE
    names = settings.PAGECACHE_EDGE_HEADERS or ([EDGE_HEADER[kind]] if kind else [])
    headers = {name: SEPARATORS[name].join(sorted(tags)) for name in names}
    fits = all(len(value) <= settings.PAGECACHE_EDGE_HEADER_LIMIT for value in headers.values())
    return headers if fits else None


def purge(tags) -> None:
    """Remove every page naming one of ``tags`` from the configured edge, after retries."""
    kind, tags = settings.PAGECACHE_EDGE, sorted(set(tags))
    if not kind:
        return
    for start in range(0, len(tags), BATCH[kind]):
        batch = tags[start : start + BATCH[kind]]
        for attempt, delay in enumerate((*RETRY_DELAYS, None)):
            try:
                for request in _requests(kind, batch):
                    urllib.request.urlopen(request, timeout=settings.PAGECACHE_EDGE_TIMEOUT).close()
                break
            except OSError as error:  # refused, timed out, or an HTTP error status
                if delay is None:
                    logger.error("Edge purge failed after %d attempts (%s): %s", attempt + 1, kind, error)
                else:
                    time.sleep(delay)


def _requests(kind: str, tags: list[str]) -> list[urllib.request.Request]:
    base, service = settings.PAGECACHE_EDGE_URL.rstrip("/"), settings.PAGECACHE_EDGE_SERVICE
    if kind == "varnish":  # each Varnish of the pool; deploy/varnish.vcl answers PURGE with xkey.purge
        headers = {"xkey-purge": " ".join(tags)}
        return [
            urllib.request.Request(url.strip().rstrip("/") + "/", method="PURGE", headers=headers)
            for url in base.split(",")
        ]
    if kind == "fastly":
        url = f"{base or 'https://api.fastly.com'}/service/{service}/purge"
        body, headers = {"surrogate_keys": tags}, {"Fastly-Key": settings.PAGECACHE_EDGE_TOKEN}
    else:
        url = f"{base or 'https://api.cloudflare.com/client/v4'}/zones/{service}/purge_cache"
        body, headers = {"tags": tags}, {"Authorization": f"Bearer {settings.PAGECACHE_EDGE_TOKEN}"}
    headers["Content-Type"] = "application/json"
    return [urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers=headers)]
