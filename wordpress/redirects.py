"""Where an old WordPress address points today."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Author, Category
from library.models import Image

from .models import ImportedFile, ImportedObject, LegacyURL

Kind = ImportedObject.Kind


def targets_of(rows: Iterable[ImportedObject], scheduled: bool = False) -> dict[tuple[str, int], str]:
    """Current URLs of mapped objects, a query per kind: {(kind, object id): url}.

    Readers are never sent to a draft or a scheduled piece (its address would
    leak it); ``scheduled`` lets the importer link to a scheduled article,
    whose address is already fixed and works once it is published.
    """
    wanted: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        wanted[row.kind].add(row.object_id)
    urls: dict[tuple[str, int], str] = {}
    if wanted[Kind.POST]:
        articles = Article.objects.filter(pk__in=wanted[Kind.POST])
        if scheduled:
            articles = articles.filter(status=Article.Status.PUBLISHED, publish_at__isnull=False)
        else:
            articles = articles.published()
        for article in articles.only("pk", "publish_date", "slug"):
            urls[Kind.POST, article.pk] = article.get_absolute_url()
    for category in Category.objects.filter(pk__in=wanted[Kind.CATEGORY]).only("pk", "slug"):
        urls[Kind.CATEGORY, category.pk] = category.get_absolute_url()
    for pk, slug in Tag.objects.filter(pk__in=wanted[Kind.TAG]).values_list("pk", "slug"):
        urls[Kind.TAG, pk] = reverse("articles:tag", kwargs={"slug": slug})
    for author in Author.objects.filter(pk__in=wanted[Kind.AUTHOR]).only("pk", "slug"):
        urls[Kind.AUTHOR, author.pk] = author.get_absolute_url()
    for image in Image.objects.filter(pk__in=wanted[Kind.MEDIA]):
        urls[Kind.MEDIA, image.pk] = image.largest()[0] or image.src
    for pk, name in ImportedFile.objects.filter(pk__in=wanted[Kind.FILE]).values_list("pk", "file"):
        urls[Kind.FILE, pk] = default_storage.url(name)
    if wanted[Kind.PAGE]:
        from pages.models import Page

        for page in Page.objects.published().filter(pk__in=wanted[Kind.PAGE]).select_related("parent"):
            urls[Kind.PAGE, page.pk] = page.get_absolute_url()
    return urls


def legacy_target(path: str) -> str | None:
    """The current URL for an old path, or None (unknown, removed, or not public)."""
    if "\x00" in path:
        # No stored path has one, and PostgreSQL refuses NUL in a query (a 500, not a 404).
        return None
    legacy = LegacyURL.objects.select_related("target").filter(path=path[:500]).first()
    if legacy is None:
        return None
    target = legacy.target
    return targets_of([target]).get((target.kind, target.object_id))
