"""Links inside imported bodies to the old site's posts, pages, categories and tags → their new URLs.

Run once every post is in (a link may name a post later in the file), over
the articles this run wrote. An old address is resolved exactly as the
redirects resolve it (``wordpress.LegacyURL``); a link to something that was
not imported or has no public address yet (a draft) keeps its text and loses
the link, with a warning, so no body points readers at the old site.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.utils.html import escape

from articles.models import Article
from pages.models import Page

from ..models import LegacyURL
from ..redirects import targets_of
from .slugs import old_path

if TYPE_CHECKING:
    from . import Importer

_ANCHOR = re.compile(r'<a\b([^>]*?)\bhref="([^"]*)"([^>]*)>(.*?)</a>', re.S | re.I)
QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag")


def old_keys(url: str) -> list[str]:
    """The ``LegacyURL`` paths an old link may be stored under."""
    parts = urlsplit(url)
    keys = []
    query = parse_qs(parts.query)
    for key in QUERY_KEYS:
        if query.get(key):
            keys.append(f"/?{key}={query[key][0].strip().lower()}")
    path = old_path(url)
    if path:
        keys.append(path)
    return keys


def rewrite_links(importer: Importer) -> None:
    _rewrite_model(importer, Article, sorted(pk for pk, _ in importer.touched_articles))
    _rewrite_model(importer, Page, sorted(importer.touched_pages))


def _rewrite_model(importer: Importer, model, ids: list[int]) -> None:
    library = importer.library
    for start in range(0, len(ids), importer.batch_size):
        chunk = ids[start : start + importer.batch_size]
        articles = list(model.objects.filter(pk__in=chunk).only("pk", "body", "title"))
        wanted: set[str] = set()
        for article in articles:
            for match in _ANCHOR.finditer(article.body):
                url = html.unescape(match.group(2))
                if _is_page_link(url, library):
                    wanted.update(old_keys(url))
        if not wanted:
            continue
        found = {
            row.path: row.target for row in LegacyURL.objects.filter(path__in=wanted).select_related("target")
        }
        urls = targets_of(found.values(), scheduled=True)
        changed = []
        for article in articles:
            body = _rewrite(article, found, urls, importer)
            if body != article.body:
                article.body = body
                changed.append(article)
        # Only href values change (escaped) or links are unwrapped: the body stays sanitized.
        model.objects.bulk_update(changed, ["body"])


def _is_page_link(url: str, library) -> bool:
    parts = urlsplit(url)
    if not parts.netloc:
        # Site-relative, as the old site wrote it ("/?p=12", "/2019/06/03/slug/"): rewritten when
        # it names something imported, else left alone (it may be an address of this site).
        return (
            not parts.scheme
            and url.startswith("/")
            and not url.startswith((settings.MEDIA_URL, settings.STATIC_URL))  # files already here
        )
    return library.is_old_site(url)


def _rewrite(article: Article, found: dict, urls: dict, importer: Importer) -> str:
    def replace(match: re.Match) -> str:
        url = html.unescape(match.group(2))
        if not _is_page_link(url, importer.library):
            return match.group(0)
        keys = old_keys(url)
        for key in keys:
            target = found.get(key)
            new = urls.get((target.kind, target.object_id)) if target is not None else None
            if new:
                return f'<a{match.group(1)}href="{escape(new)}"{match.group(3)}>{match.group(4)}</a>'
        if not urlsplit(url).netloc and not any(key in found for key in keys):
            return match.group(0)  # a relative link to nothing the old site had: an address here
        if not keys:  # the old home page
            return f'<a{match.group(1)}href="/"{match.group(3)}>{match.group(4)}</a>'
        importer.report.skipped["links to old pages that were not imported or are not public"] += 1
        importer.report.warn(
            f"{article._meta.verbose_name.capitalize()} “{article.title}” links to {url}, which has no "
            "public address here; the link was removed and its text kept."
        )
        return match.group(4)

    return _ANCHOR.sub(replace, article.body)
