"""Sitemaps for search engines, the Google News sitemap and robots.txt.

``/sitemap.xml`` is one sitemap while every section fits a single page
(``NEWSROOM_SITEMAP_LIMIT`` URLs) and a sitemap index of per-section pages
once any section is larger. Only readable articles, and only the tags and
authors that have one, are listed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from newsroom import pagecache

from . import metadata
from .models import Article, ArticleTag, Author, Category

NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most this many URLs per sitemap.


class PagedSitemap(Sitemap):
    """URLs per sitemap page from settings; past it /sitemap.xml becomes an index.

    A sitemap records the set its section lists (``listed``: a model and a
    scope for ``pagecache.lists``) and the objects on its page, so renaming an
    author or a tag changes their URL here at once.
    """

    listed: tuple = (Article, "content")  # any change to a readable article's text or address
    record_items = True

    def __init__(self, request: HttpRequest | None = None):
        self.request = request

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        if self.record_items and self.request is not None:
            pagecache.shows(self.request, *[url["item"] for url in urls])
        return urls

    def record(self) -> None:
        pagecache.lists(self.request, *self.listed)

    @property
    def limit(self) -> int:
        return settings.NEWSROOM_SITEMAP_LIMIT


def _readable_ids():
    return Article.objects.published().values("pk")


class ArticleSitemap(PagedSitemap):
    """Each article, with its language versions as ``xhtml:link`` alternates (one query per page)."""

    changefreq = "daily"
    record_items = False  # any change to a readable article bumps its listed set

    def items(self):
        return (
            Article.objects.published()
            .only("pk", "slug", "publish_date", "publish_at", "updated_at", "language", "translation_of_id")
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, article: Article) -> datetime.datetime:
        return max(article.updated_at, article.publish_at)

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        roots = {url["item"].translation_of_id or url["item"].pk for url in urls}
        versions: dict[int, list[Article]] = {}
        for version in (
            Article.objects.published()
            .filter(Q(pk__in=roots) | Q(translation_of_id__in=roots))
            .only("pk", "slug", "publish_date", "language", "translation_of_id")
        ):
            versions.setdefault(version.translation_of_id or version.pk, []).append(version)

        def absolute(path: str) -> str:
            return f"{protocol}://{domain}{path}"

        for url in urls:
            item = url["item"]
            story = versions.get(item.translation_of_id or item.pk, [])
            ordered = sorted(story, key=lambda version: version.pk != item.pk)
            url["alternates"] = [
                {"lang_code": language, "location": location}
                for language, location in metadata.language_alternates(ordered, absolute)
            ]
        return urls


class CategorySitemap(PagedSitemap):
    changefreq = "hourly"
    listed = (Category,)

    def items(self):
        return Category.objects.order_by("pk")


class TagSitemap(PagedSitemap):
    changefreq = "daily"

    def items(self):
        return ArticleTag.readable_tags().order_by("pk")

    def location(self, tag: Tag) -> str:
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class AuthorSitemap(PagedSitemap):
    changefreq = "daily"

    def items(self):
        return Author.objects.filter(bylines__article__in=_readable_ids()).distinct().order_by("pk")


class NewsSitemap(Sitemap):
    """Google News: articles of the last two days, newest first, at most 1,000."""

    limit = NEWS_LIMIT

    def items(self):
        now = timezone.now()
        return (
            Article.objects.published(at=now)
            .filter(publish_at__gte=now - NEWS_WINDOW)
            .only("pk", "slug", "title", "language", "publish_date", "publish_at", "updated_at")
            .order_by("-publish_at", "-pk")[:NEWS_LIMIT]
        )

    def lastmod(self, article: Article) -> datetime.datetime:
        return max(article.updated_at, article.publish_at)


def _sections() -> dict[str, type[Sitemap]]:
    from pages.sitemaps import PageSitemap

    return {
        "articles": ArticleSitemap,
        "categories": CategorySitemap,
        "tags": TagSitemap,
        "authors": AuthorSitemap,
        "pages": PageSitemap,
    }


def _cached(view):
    """A sitemap view for readers' page cache, recording the sets of every section it may count."""

    def wrapped(request: HttpRequest, *args, **kwargs):
        def render():
            for section in _sections().values():
                section(request).record()
            return view(request, *args, **kwargs)

        return pagecache.serve(request, render)

    return wrapped


@_cached
def sitemap(request: HttpRequest) -> HttpResponse:
    """The whole sitemap, or an index of its pages once a section outgrows one."""
    sections = {name: cls(request) for name, cls in _sections().items()}
    if all(section.paginator.num_pages <= 1 for section in sections.values()):
        return sitemap_views.sitemap(request, sections)
    return sitemap_views.index(request, sections, sitemap_url_name="articles:sitemap-section")


@_cached
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    sections = {name: cls(request) for name, cls in _sections().items()}
    return sitemap_views.sitemap(request, sections, section=section)


@_cached
def news_sitemap(request: HttpRequest) -> HttpResponse:
    return sitemap_views.sitemap(
        request,
        {"news": NewsSitemap},
        template_name="sitemaps/news_sitemap.xml",
        content_type="application/xml",
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Result pages for any query string are a crawl trap, not content.
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('articles:sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('articles:news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
