"""The routine every kind of WordPress object goes through, written once.

For a batch of one kind: look up which of our objects each WordPress key
became (two queries), compare the WordPress data with the digest recorded
last time, let the kind's module write what changed (its own bulk queries),
then record the mappings and add the old addresses (two or three queries).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models

from ..models import ImportedObject, LegacyURL

if TYPE_CHECKING:
    from .report import Report


def digest(*parts) -> str:
    """A fingerprint of the WordPress data an object was made from."""
    return hashlib.sha1(repr(parts).encode()).hexdigest()


class Mapping:
    """One batch of one kind: WordPress keys → our objects, and the redirects to them."""

    def __init__(self, kind: str, model: type[models.Model], keys: Iterable[str]):
        keys = list(dict.fromkeys(keys))
        self.kind = kind
        self.rows: dict[str, ImportedObject] = (
            {row.wp_key: row for row in ImportedObject.objects.filter(kind=kind, wp_key__in=keys)}
            if keys
            else {}
        )
        ids = [row.object_id for row in self.rows.values()]
        self.objects: dict[int, models.Model] = model.objects.in_bulk(ids) if ids else {}
        self._records: dict[str, tuple[models.Model, str | None]] = {}
        self._redirects: list[tuple[str, str]] = []

    def existing(self, key: str) -> models.Model | None:
        """The object ``key`` became on an earlier run (None if never, or deleted here since)."""
        row = self.rows.get(key)
        return self.objects.get(row.object_id) if row is not None else None

    def compare(
        self, key: str, fingerprint: str, report: Report, label: str
    ) -> tuple[models.Model | None, bool]:
        """(existing object or None, whether it must be written); counts updated and unchanged.

        New objects are counted by the caller, who knows whether one was made
        or an object of ours with the same name was reused.
        """
        found = self.existing(key)
        if found is None:
            return None, True
        if self.rows[key].digest == fingerprint:
            report.unchanged[label] += 1
            return found, False
        report.updated[label] += 1
        return found, True

    def record(self, key: str, obj: models.Model, fingerprint: str | None = None) -> None:
        """Remember that ``key`` became ``obj`` (which is saved by the time :meth:`save` runs).

        ``fingerprint`` None keeps the digest recorded earlier.
        """
        self._records[key] = (obj, fingerprint)

    def redirect(self, path: str, key: str) -> None:
        """An old address of ``key``; the first claim of a path wins, on every run alike."""
        self._redirects.append((path, key))

    def save(self) -> dict[str, ImportedObject]:
        """Write the recorded mappings and the redirects of new or changed ones; returns every row."""
        fresh, changed = [], []
        for key, (obj, fingerprint) in self._records.items():
            row = self.rows.get(key)
            if row is None:
                row = ImportedObject(kind=self.kind, wp_key=key, object_id=obj.pk, digest=fingerprint or "")
                self.rows[key] = row
                fresh.append(row)
            else:
                wanted = (obj.pk, row.digest if fingerprint is None else fingerprint)
                if (row.object_id, row.digest) != wanted:
                    row.object_id, row.digest = wanted
                    changed.append(row)
        ImportedObject.objects.bulk_create(fresh)
        ImportedObject.objects.bulk_update(changed, ["object_id", "digest"])
        # Old addresses of what is new or changed; an unchanged object's were added when it was.
        written = {row.wp_key for row in fresh + changed}
        add_redirects((path, self.rows[key]) for path, key in self._redirects if key in written)
        self._records, self._redirects = {}, []
        return self.rows


def add_redirects(pairs: Iterable[tuple[str, ImportedObject]]) -> None:
    rows: dict[str, LegacyURL] = {}
    for path, target in pairs:
        path = path.lower()
        if path and len(path) <= 500 and path not in rows:
            rows[path] = LegacyURL(path=path, target=target)
    if rows:
        LegacyURL.objects.bulk_create(rows.values(), ignore_conflicts=True)
