"""The special pages other parts of the site link: the privacy policy under the
reply form, the ethics and corrections policies in the publisher's data."""

from __future__ import annotations

from django.http import HttpRequest

from newsroom import pagecache

from .invalidation import POLICIES
from .models import Page


def special_pages(request: HttpRequest | None = None) -> dict[str, dict[str, str]]:
    """``{kind: {"url": ..., "title": ...}}`` of the published special pages.

    Shared by every process until a special page changes; records ``policies``
    into the page being rendered for ``request``.
    """

    def lookup():
        pages = Page.objects.published().exclude(kind="").select_related("parent")
        return {page.kind: {"url": page.get_absolute_url(), "title": page.title} for page in pages}

    if request is None:
        return pagecache.remember("special-pages", [POLICIES], lookup)
    pagecache.record(request, POLICIES)
    if not hasattr(request, "_special_pages"):  # the head, the form: asked once per request
        request._special_pages = pagecache.remember("special-pages", [POLICIES], lookup)
    return request._special_pages
