"""Paging for listings whose total is expensive to count."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

from newsroom import pagecache

from . import invalidation

# Pages counted beyond the one asked for; past them the total reads "more than".
LOOKAHEAD_PAGES = 10


class BoundedCountPaginator(Paginator):
    """A paginator that counts only ``LOOKAHEAD_PAGES`` pages past the page asked for.

    For search results: a common word matches most of the archive, and an
    exact total would read every match. Past the bound, ``count_is_lower_bound``
    is set and the pager reads "more than".
    """

    def __init__(self, object_list, per_page, *, asked_page: int = 1, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.bound = (max(asked_page, 1) + LOOKAHEAD_PAGES) * int(per_page)
        self.count_is_lower_bound = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by()[: self.bound + 1].count()
        self.count_is_lower_bound = counted > self.bound
        return counted


def asked_page(request, name: str = "page") -> int:
    """The page number a request asks for, 1 when it names none (or nonsense)."""
    asked = request.GET.get(name, "")
    return int(asked) if asked.isdigit() and len(asked) < 7 else 1


class RememberedCountPaginator(Paginator):
    """A paginator whose total is counted only as far as it matters, and remembered until the listing changes.

    Counting a large category's readable articles visits every one of them
    (bench/README.md has the figures). So the count stops ``LOOKAHEAD_PAGES``
    pages past the page asked for: the same order of rows as that page's own
    OFFSET reads, whatever the size of the archive. A listing longer than
    that has ``count_is_lower_bound`` set, and its last page number grows as
    readers go further. The total only changes when an article joins or
    leaves the listing, which bumps the listing's ``tags``, or when a
    scheduled article goes live, which is when the remembered total retires.
    """

    def __init__(self, object_list, per_page, *, name: str, tags: list[str], asked_page: int = 1, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.name = name
        self.tags = tags
        self.bound = (max(asked_page, 1) + LOOKAHEAD_PAGES) * int(per_page)
        self.count_is_lower_bound = False

    @cached_property
    def count(self) -> int:
        def compute():
            # COUNT(*) over at most bound + 1 rows: LIMIT inside, so the scan stops there.
            counted = self.object_list.order_by()[: self.bound + 1].count()
            return {"count": counted, "bound": self.bound, "until": invalidation.next_scheduled_publish()}

        def stale(value):
            if value["until"] is not None and value["until"] <= timezone.now():
                return True
            # Counted for an earlier page, not as far as this one needs.
            return value["count"] > value["bound"] and value["bound"] < self.bound

        value = pagecache.remember(f"count:{self.name}", self.tags, compute, stale=stale)
        self.count_is_lower_bound = value["count"] > value["bound"]
        return value["count"]
