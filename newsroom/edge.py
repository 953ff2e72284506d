"""Shared caches in front of the site: the tags of a page in headers, and exact purges.

A cached page names the tags it recorded in the headers of the configured
edge: ``xkey`` (Varnish with varnish-modules), ``Surrogate-Key`` (Fastly),
``Cache-Tag`` (Cloudflare). A bump purges exactly those tags there, after the
transaction commits, with retries. A page whose tags do not fit a header is
sent with ``s-maxage=0``, so no edge keeps a page it could not purge.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.request
from collections.abc import Iterable

from django.conf import settings

logger = logging.getLogger(__name__)

# Header and separator per edge; what it takes in one purge request.
HEADERS = {"xkey": " ", "Surrogate-Key": " ", "Cache-Tag": ","}
EDGE_HEADER = {"varnish": "xkey", "fastly": "Surrogate-Key", "cloudflare": "Cache-Tag"}
BATCH = {"varnish": 100, "fastly": 256, "cloudflare": 100}
RETRY_DELAYS = (0.2, 0.5)


def tag_headers(tags: Iterable[str]) -> dict[str, str] | None:
    """The edge headers naming ``tags``; None if one would pass the size limit."""
    kind = settings.PAGECACHE_EDGE
    names = settings.PAGECACHE_EDGE_HEADERS or ([EDGE_HEADER[kind]] if kind else [])
    headers = {name: HEADERS[name].join(sorted(tags)) for name in names}
    if any(len(value) > settings.PAGECACHE_EDGE_HEADER_LIMIT for value in headers.values()):
        return None
    return headers


def purge(tags: Iterable[str]) -> None:
    """Remove every page naming one of ``tags`` from the configured edge (none: nothing to do)."""
    kind = settings.PAGECACHE_EDGE
    tags = sorted(set(tags))
    if not kind or not tags:
        return
    send = {"varnish": _varnish, "fastly": _fastly, "cloudflare": _cloudflare}[kind]
    for start in range(0, len(tags), BATCH[kind]):
        batch = tags[start : start + BATCH[kind]]
        for attempt, delay in enumerate((*RETRY_DELAYS, None)):
            try:
                send(batch)
                break
            except OSError as error:  # refused, timed out, or an HTTP error status
                if delay is None:
                    logger.error("Edge purge failed after %d attempts (%s): %s", attempt + 1, kind, error)
                else:
                    time.sleep(delay)


def _post(url: str, method: str = "POST", body: dict | None = None, **headers: str) -> None:
    data = json.dumps(body).encode() if body is not None else None
    if data is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=settings.PAGECACHE_EDGE_TIMEOUT) as response:
        response.read()


def _varnish(tags: list[str]) -> None:
    # Each Varnish of the pool; the VCL (deploy/varnish.vcl) answers PURGE with xkey-purge.
    for address in settings.PAGECACHE_EDGE_URL.split(","):
        _post(address.strip().rstrip("/") + "/", method="PURGE", **{"xkey-purge": " ".join(tags)})


def _fastly(tags: list[str]) -> None:
    base = settings.PAGECACHE_EDGE_URL or "https://api.fastly.com"
    url = f"{base.rstrip('/')}/service/{settings.PAGECACHE_EDGE_SERVICE}/purge"
    _post(url, body={"surrogate_keys": tags}, **{"Fastly-Key": settings.PAGECACHE_EDGE_TOKEN})


def _cloudflare(tags: list[str]) -> None:
    base = settings.PAGECACHE_EDGE_URL or "https://api.cloudflare.com/client/v4"
    url = f"{base.rstrip('/')}/zones/{settings.PAGECACHE_EDGE_SERVICE}/purge_cache"
    _post(url, body={"tags": tags}, Authorization=f"Bearer {settings.PAGECACHE_EDGE_TOKEN}")
