"""Paging for listings whose total is expensive to count."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

from newsroom import pagecache

from . import invalidation

# Pages counted beyond the one asked for; past them the total reads "more than".
LOOKAHEAD_PAGES = 10


def asked_page(request, name: str = "page") -> int:
    """The page number a request asks for, 1 when it names none (or nonsense)."""
    asked = request.GET.get(name, "")
    return int(asked) if asked.isdigit() and len(asked) < 7 else 1


class BoundedCountPaginator(Paginator):
    """A paginator that counts only ``LOOKAHEAD_PAGES`` pages past the page asked for.

    A common search word matches most of the archive, and a large category
    holds most of it: an exact total would read every row (bench/README.md).
    The count stops at the same order of rows as the page's own OFFSET reads,
    whatever the size of the archive; past it ``count_is_lower_bound`` is set,
    the pager reads "more than", and the last page number grows as readers go
    further. Given a ``name`` and the listing's ``tags``, the count is also
    remembered until an article joins or leaves the listing (a bump) or a
    scheduled article goes live.
    """

    def __init__(self, object_list, per_page, *, asked_page=1, name=None, tags=(), **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.name, self.tags = name, tags
        self.bound = (max(asked_page, 1) + LOOKAHEAD_PAGES) * int(per_page)
        self.count_is_lower_bound = False

    @cached_property
    def count(self) -> int:
        def compute():
            # COUNT(*) over at most bound + 1 rows: LIMIT inside, so the scan stops there.
            counted = self.object_list.order_by()[: self.bound + 1].count()
            return {
                "count": counted,
                "bound": self.bound,
                "until": self.name and invalidation.next_scheduled_publish(),
            }

        def stale(value):
            if value["until"] and value["until"] <= timezone.now():
                return True
            # Counted for an earlier page, not as far as this one needs.
            return value["count"] > value["bound"] and value["bound"] < self.bound

        value = (
            pagecache.remember(f"count:{self.name}", self.tags, compute, stale) if self.name else compute()
        )
        self.count_is_lower_bound = value["count"] > value["bound"]
        return value["count"]
