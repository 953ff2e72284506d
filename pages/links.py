"""The special pages other parts of the site link: the privacy policy under the
reply form, the ethics and corrections policies in the publisher's data."""

from __future__ import annotations

from django.http import HttpRequest

from newsroom import pagecache

from .models import Page


def special_pages(request: HttpRequest | None = None) -> dict[str, dict[str, str]]:
    """``{kind: {"url": ..., "title": ...}}`` of the published special pages.

    Shared by every process until a special page changes; records the special pages' tag
    into the page being rendered for ``request``.
    """

    def lookup():
        pages = Page.objects.published().exclude(kind="").select_related("parent")
        return {page.kind: {"url": page.get_absolute_url(), "title": page.title} for page in pages}

    tags = [pagecache.list_tag(Page, "special")]
    if request is None:
        return pagecache.remember("special-pages", tags, lookup)
    pagecache.lists(request, Page, "special")
    if not hasattr(request, "_special_pages"):  # the head, the form: asked once per request
        request._special_pages = pagecache.remember("special-pages", tags, lookup)
    return request._special_pages
