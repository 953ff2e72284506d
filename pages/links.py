"""The special pages other parts of the site link: the privacy policy under the
reply form, the ethics and corrections policies in the publisher's data."""

from __future__ import annotations

from django.http import HttpRequest

from newsroom import pagecache
from newsroom.languages import interface_language

from .models import Page, published_versions


def special_pages(request: HttpRequest | None = None) -> dict[str, dict[str, str]]:
    """``{kind: {"url": ..., "title": ..., "language": ...}}`` of the published special pages,
    each in the reader's language where it has a published version in it (as menus link them).

    Shared by every process until a special page or a version of one changes; records the
    special pages' tag into the page being rendered for ``request``.
    """
    language = interface_language()

    def lookup():
        originals = list(Page.objects.published().exclude(kind="").select_related("parent").defer("body"))
        versions = published_versions([page.pk for page in originals], language)
        shown = {page.kind: versions.get(page.pk, page) for page in originals}
        return {
            kind: {"url": page.get_absolute_url(), "title": page.title, "language": page.language}
            for kind, page in shown.items()
        }

    def remembered():
        return pagecache.remember(f"special-pages:{language}", [pagecache.list_tag(Page, "special")], lookup)

    if request is None:
        return remembered()
    pagecache.lists(request, Page, "special")
    if not hasattr(request, "_special_pages"):  # the head, the form: asked once per request
        request._special_pages = remembered()
    return request._special_pages
