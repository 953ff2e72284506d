"""Slugs and old paths: how WordPress addresses are read and ours are made unique."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def unique_slug(base: str, taken: set[str], max_length: int) -> str:
    base = base[: max_length - 6] or "item"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def old_path(url: str) -> str:
    """The decoded, lower-cased path of an old URL with a trailing slash ("" for none)."""
    path = unquote(urlsplit(url).path or "").lower()
    if not path or path == "/":
        return ""
    return path if path.endswith("/") else path + "/"
