"""Paging for listings whose total is expensive to count."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from newsroom import pagecache

LOOKAHEAD_PAGES = 10  # pages counted beyond the one asked for; past them the total reads "more than"


def asked_page(request, name: str = "page") -> int:
    """The page number a request asks for, 1 when it names none (or nonsense)."""
    asked = request.GET.get(name, "")
    return int(asked) if asked.isdigit() and len(asked) < 7 else 1


class BoundedCountPaginator(Paginator):
    """Counts at most ``LOOKAHEAD_PAGES`` past the page asked for (``count_is_lower_bound`` past
    them), remembered under ``name`` until the listing's ``tags`` change or an article goes live."""

    def __init__(self, object_list, per_page, *, asked_page=1, name=None, tags=(), **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.name, self.tags = name, tags
        self.bound = (max(asked_page, 1) + LOOKAHEAD_PAGES) * int(per_page)
        self.count_is_lower_bound = False

    @cached_property
    def count(self) -> int:
        def compute():  # COUNT(*) over at most bound + 1 rows: LIMIT inside, so the scan stops there
            return {"count": self.object_list.order_by()[: self.bound + 1].count(), "bound": self.bound}

        def stale(value):  # counted for an earlier page, not as far as this one needs
            return value["bound"] < min(value["count"], self.bound)

        remembered = self.name and pagecache.remember(f"count:{self.name}", self.tags, compute, stale, True)
        value = remembered or compute()
        self.count_is_lower_bound = value["count"] > value["bound"]
        return value["count"]
