"""The special pages other parts of the site link: the privacy policy under the
reply form, the ethics and corrections policies in the publisher's data."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import translation

from newsroom import pagecache

from .models import Page

REMEMBERED_AS = "special-pages:v2"  # v2: each kind with its language versions


def special_pages(request: HttpRequest | None = None) -> dict[str, dict[str, str]]:
    """``{kind: {"url": ..., "title": ..., "language": ...}}`` of the published special pages,
    each in the active language where a published version of it is in that language.

    Shared by every process until a special page or a version of one changes; records the
    special pages' tag into the page being rendered for ``request``.
    """
    tags = [pagecache.list_tag(Page, "special")]
    if request is None:
        return _in_language(pagecache.remember(REMEMBERED_AS, tags, _versions))
    pagecache.lists(request, Page, "special")
    if not hasattr(request, "_special_pages"):  # the head, the form: asked once per request
        request._special_pages = _in_language(pagecache.remember(REMEMBERED_AS, tags, _versions))
    return request._special_pages


def _versions() -> dict[str, dict[str, dict[str, str]]]:
    """``{kind: {"": the original, language: its version}}``, one query."""
    found: dict[str, dict] = {}
    pages = Page.objects.published().filter(Q(kind__gt="") | Q(translation_of__kind__gt=""))
    pages = pages.select_related("parent", "translation_of")
    for page in sorted(
        pages, key=lambda page: (page.translation_of_id is not None, page.pk)
    ):  # originals first
        kind = page.kind or page.translation_of.kind
        entry = {"url": page.get_absolute_url(), "title": page.title, "language": page.language}
        if page.kind:
            found[kind] = {"": entry, page.language: entry}
        elif kind in found:  # a version of a readable original
            found[kind].setdefault(page.language, entry)
    return found


def _in_language(versions: dict) -> dict[str, dict[str, str]]:
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return {kind: pages.get(language) or pages[""] for kind, pages in versions.items()}
