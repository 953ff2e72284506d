"""Which release of the code is running, for keys that must not outlive it (the page cache's).

A page kept by the previous deployment holds its markup and its static files'
hashed names: the next one must render its own (README.md, "Page cache").
"""

import hashlib
from pathlib import Path

SOURCES = {".py", ".html", ".txt", ".xml", ".mo", ".css", ".js", ".svg", ".json"}
NOT_SERVED = {"tests", "bench", "docs", "node_modules", "media", "staticfiles", "__pycache__"}


def fingerprint(root: Path, skip=()) -> str:
    """A hash of what pages are made from under ``root``: code, templates, translations, static
    files and the pinned requirements; by content, so every server of a release agrees."""
    skipped = {Path(path).resolve() for path in skip}
    digest = hashlib.sha256()
    for path in sorted(_sources(root.resolve(), skipped)):
        digest.update(f"{path.relative_to(root.resolve())}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _sources(directory: Path, skipped: set[Path]):
    for path in directory.iterdir():
        if path.name.startswith(".") or path.name in NOT_SERVED or path in skipped:
            continue
        if path.is_dir():
            yield from _sources(path, skipped)
        elif path.suffix in SOURCES:
            yield path
