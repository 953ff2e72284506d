"""Merging tags: every article keeps its tagging, and the merged tags' addresses redirect.

taggit's own merge moves only its generic links; articles link through
``articles.ArticleTag``, which also carries what a tag's page walks.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, ArticleTag
from articles.search import refresh_search_vectors
from newsroom import pagecache

from .models import MovedAddress


@transaction.atomic
def merge_tags(tags: list[Tag], into: Tag) -> int:
    """Move the links of ``tags`` to ``into`` and delete those tags; how many articles moved."""
    tags = [tag for tag in tags if tag.pk != into.pk]
    links = ArticleTag.objects.filter(tag__in=tags)
    moved = set(links.values_list("content_object_id", flat=True))
    # An article keeps one link: the one to ``into`` it has, else its first of those merged.
    links.filter(content_object__tag_links__tag=into).delete()
    links.exclude(pk__in=links.values("content_object").annotate(first=Min("pk")).values("first")).delete()
    links.update(tag=into)  # no signals: the caches and search are told below
    for tag in tags:
        path = reverse("articles:tag", kwargs={"slug": tag.slug})
        MovedAddress.objects.update_or_create(path=path, defaults={"tag": into, "article": None})
    MovedAddress.objects.filter(tag__in=tags).update(tag=into)  # addresses that moved to them before
    Tag.objects.filter(pk__in=[tag.pk for tag in tags]).delete()
    # Pages showing a tag record it (article pages, cards), listings its set; the search text changed.
    pagecache.bump(
        *[pagecache.tag(tag) for tag in [*tags, into]],
        *[pagecache.list_tag(Article, tag) for tag in [*tags, into]],
        pagecache.list_tag(Article, "content"),
    )
    refresh_search_vectors(moved)
    return len(moved)
