"""Paging for listings whose total is expensive to count."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

from newsroom import pagecache

from . import invalidation


class RememberedCountPaginator(Paginator):
    """A paginator whose total is remembered until the listing changes.

    Counting a large category's readable articles visits every one of them
    (bench/README.md has the figures), and the page numbers need it on every
    page. The total only changes when an article joins or leaves the
    listing, which bumps the listing's ``tags``, or when a scheduled article
    goes live, which is when the remembered total retires.
    """

    def __init__(self, object_list, per_page, *, name: str, tags: list[str], **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.name = name
        self.tags = tags

    @cached_property
    def count(self) -> int:
        def compute():
            return {"count": Paginator.count.func(self), "until": invalidation.next_scheduled_publish()}

        def passed(value):
            return value["until"] is not None and value["until"] <= timezone.now()

        return pagecache.remember(f"count:{self.name}", self.tags, compute, stale=passed)["count"]
