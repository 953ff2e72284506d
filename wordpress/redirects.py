"""Where an old WordPress address points today."""

from __future__ import annotations

from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Author, Category

from .models import ImportedObject, LegacyURL

Kind = ImportedObject.Kind


def legacy_target(path: str) -> str | None:
    """The current URL for an old path, or None (unknown, removed, or not public)."""
    if "\x00" in path:
        # No stored path has one, and PostgreSQL refuses NUL in a query (a 500, not a 404).
        return None
    legacy = LegacyURL.objects.select_related("target").filter(path=path[:500]).first()
    if legacy is None:
        return None
    kind, pk = legacy.target.kind, legacy.target.object_id
    if kind == Kind.POST:
        # Readers are never sent to a draft or a scheduled piece (its address would leak it).
        article = Article.objects.published().filter(pk=pk).only("publish_date", "slug").first()
        return article.get_absolute_url() if article else None
    if kind == Kind.CATEGORY:
        category = Category.objects.filter(pk=pk).only("slug").first()
        return category.get_absolute_url() if category else None
    if kind == Kind.TAG:
        tag = Tag.objects.filter(pk=pk).only("slug").first()
        return reverse("articles:tag", kwargs={"slug": tag.slug}) if tag else None
    if kind == Kind.AUTHOR:
        author = Author.objects.filter(pk=pk).only("slug").first()
        return author.get_absolute_url() if author else None
    return None
