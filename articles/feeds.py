"""RSS 2.0 and Atom feeds: the whole site, a category (with its subcategories), a tag, an author.

Every feed starts from ``Article.objects.published()`` and loads its items,
their bylines, categories and tags in a fixed number of queries. Items carry
the featured image (RSS enclosure and Media RSS ``media:content``; Atom
``link rel=enclosure``), every author, categories and tags as feed
categories, and the full body or only the dek (``NEWSROOM_FEED_FULL_TEXT``).

Feed readers treat RSS descriptions and Atom ``type="html"`` summaries as
HTML, so plain-text fields (dek, SEO description, a category's description,
an author's bio) are HTML-escaped before they go in: they show as text. URLs
inside bodies are made absolute, as a feed is read away from the site.
"""

from __future__ import annotations

import io
import mimetypes
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from newsroom import pagecache

from . import invalidation
from .models import Article, ArticleTag, Author, Category, Masthead

MEDIA_NS = "http://search.yahoo.com/mrss/"

# Bodies are sanitized (nh3 writes every attribute as name="value"), so a
# pattern finds every address; "//host/..." is already absolute.
_LOCAL_URL = re.compile(r'\b(href|src)="(/(?!/)[^"]*)"')
_SRCSET = re.compile(r'\bsrcset="([^"]*)"')


def absolute_urls(html: str, request: HttpRequest) -> str:
    """``html`` with the site's own addresses (``/media/...``, ``/about/``) made absolute."""

    def absolute(url: str) -> str:
        return request.build_absolute_uri(url) if url.startswith("/") and not url.startswith("//") else url

    def srcset(match: re.Match) -> str:
        candidates = []
        for candidate in match[1].split(","):
            url, _space, width = candidate.strip().partition(" ")
            candidates.append(f"{absolute(url)} {width}".strip())
        return 'srcset="{}"'.format(", ".join(candidates))

    html = _LOCAL_URL.sub(lambda match: f'{match[1]}="{absolute(match[2])}"', html)
    return _SRCSET.sub(srcset, html)


class BufferedFeed:
    """Written into memory, then into the response at once: the response's own
    ``write()`` for each of a feed's ~2,300 XML events cost more than the XML."""

    def write(self, outfile, encoding):
        buffer = io.StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


class NewsRssFeed(BufferedFeed, Rss201rev2Feed):
    """RSS 2.0 with one ``dc:creator`` per author and Media RSS images."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:media": MEDIA_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", [])[1:]:
            handler.addQuickElement("dc:creator", name)
        image = item.get("image")
        if image:
            handler.startElement("media:content", image["attrs"])
            if image["alt"]:
                handler.addQuickElement("media:description", image["alt"])
            if image["credit"]:
                handler.addQuickElement("media:credit", image["credit"])
            handler.endElement("media:content")


class NewsAtomFeed(BufferedFeed, Atom1Feed):
    """Atom with one ``author`` per author and the full text as ``content``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", [])[1:]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass
class Scope:
    """What a feed covers, found once per request."""

    request: HttpRequest
    title: str
    link: str
    description: str
    articles: object
    scopes: list = field(default_factory=list)  # the set of articles it lists (none: all)
    shows: list = field(default_factory=list)  # what it is of: a category, a tag, an author


def site(request, part: str = "name") -> str:
    """The site's name or tagline in the feed's language; the feed records the masthead."""
    pagecache.lists(request, Masthead)
    return Masthead.shown(part)


class LatestArticlesFeed(Feed):
    feed_type = NewsRssFeed

    def get_object(self, request, *args, **kwargs) -> Scope:
        return Scope(
            request=request,
            title=site(request),
            link=reverse("articles:home"),
            description=site(request, "tagline"),
            articles=Article.objects.published(),
        )

    # --- the feed ---------------------------------------------------------
    def title(self, scope: Scope) -> str:
        return scope.title

    def link(self, scope: Scope) -> str:
        return scope.link

    def description(self, scope: Scope) -> str:
        # Plain text in the RSS channel's description, which readers take as HTML.
        return escape(scope.description)

    def subtitle(self, scope: Scope) -> str:
        # An Atom text construct (type "text"): the text itself.
        return scope.description

    def feed_url(self, scope: Scope) -> str:
        return scope.request.path

    def feed_copyright(self, scope: Scope) -> str:
        return f"© {site(scope.request)}"

    def items(self, scope: Scope) -> list[Article]:
        articles = list(
            scope.articles.with_bylines()
            .defer("search_vector")
            # One query each for all items, kept as plain lists: prefetching into
            # the related managers built a filtered queryset per item and relation.
            .prefetch_related(
                Prefetch("categories", to_attr="feed_categories"), Prefetch("tags", to_attr="feed_tags")
            )[: settings.NEWSROOM_FEED_ITEMS]  # in the scope's newest-first order (a tag's: Article.tagged)
        )
        request = scope.request
        for article in articles:
            image = article.featured_image.src if article.featured_image_id else ""
            article.feed_image_url = request.build_absolute_uri(image) if image else ""
            article.feed_body = absolute_urls(article.body, request)
            authors = article.ordered_authors()
            article.feed_author_url = (
                request.build_absolute_uri(authors[0].get_absolute_url()) if authors else None
            )
        pagecache.lists(request, Article, "content")
        invalidation.listed(request, articles, *scope.scopes)
        shown = {obj for a in articles for obj in [*a.feed_categories, *a.feed_tags]}
        pagecache.shows(request, *scope.shows, *shown)
        return articles

    # --- each article -----------------------------------------------------
    def item_title(self, article: Article) -> str:
        return article.title

    def item_description(self, article: Article) -> str:
        if settings.NEWSROOM_FEED_FULL_TEXT and self.feed_type is NewsRssFeed:
            return article.feed_body
        return escape(article.seo_description or article.dek)

    def item_pubdate(self, article: Article):
        return article.publish_at

    def item_updateddate(self, article: Article):
        return article.updated_at

    def item_author_name(self, article: Article) -> str | None:
        authors = article.ordered_authors()
        return authors[0].name if authors else article.source_line or None

    def item_author_link(self, article: Article) -> str | None:
        return article.feed_author_url

    def item_categories(self, article: Article) -> list[str]:
        return [c.name for c in article.feed_categories] + [t.name for t in article.feed_tags]

    def item_enclosures(self, article: Article) -> list[Enclosure]:
        if not article.feed_image_url:
            return []
        # Length is unknown without asking the storage for each file; RSS
        # practice is 0 for "unknown".
        return [Enclosure(article.feed_image_url, "0", self._mime(article.feed_image_url))]

    def item_extra_kwargs(self, article: Article) -> dict:
        extra = {"authors": [author.name for author in article.ordered_authors()]}
        if settings.NEWSROOM_FEED_FULL_TEXT:
            extra["content"] = article.feed_body
        if article.feed_image_url:
            attrs = {
                "url": article.feed_image_url,
                "medium": "image",
                "type": self._mime(article.feed_image_url),
            }
            image = article.featured_image
            sizes = image.renditions.get("sizes", [])
            middle = sizes[len(sizes) // 2] if sizes else {}
            if middle:
                attrs.update(width=str(middle["width"]), height=str(middle["height"]))
            extra["image"] = {"attrs": attrs, "alt": image.alt_text, "credit": image.credit}
        return extra

    @staticmethod
    def _mime(url: str) -> str:
        return mimetypes.guess_type(url)[0] or "image/jpeg"


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = NewsAtomFeed


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug: str) -> Scope:
        categories = list(Category.objects.all())
        category = next((c for c in categories if c.slug == slug), None)
        if category is None:
            raise Http404("No such category")
        ids = Category.descendant_ids(categories, category)
        pagecache.lists(request, Category)  # a subcategory joining or leaving it
        return Scope(
            request=request,
            title=_("%(section)s | %(site)s") % {"section": category.name, "site": site(request)},
            link=category.get_absolute_url(),
            description=category.description or category.name,
            articles=Article.objects.published().in_categories(ids),
            scopes=[c for c in categories if c.pk in ids],
            shows=[category],
        )


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug: str) -> Scope:
        tag = get_object_or_404(ArticleTag.readable_tags(), slug=slug)
        return Scope(
            request=request,
            title=_("Tagged “%(tag)s” | %(site)s") % {"tag": tag.name, "site": site(request)},
            link=reverse("articles:tag", kwargs={"slug": tag.slug}),
            description=_("Articles tagged %(tag)s") % {"tag": tag.name},
            articles=Article.objects.published().tagged(tag),
            scopes=[tag],
            shows=[tag],
        )


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug: str) -> Scope:
        author = get_object_or_404(Author, slug=slug)
        return Scope(
            request=request,
            title=_("%(author)s | %(site)s") % {"author": author.name, "site": site(request)},
            link=author.get_absolute_url(),
            description=author.bio or _("Articles by %(author)s") % {"author": author.name},
            articles=Article.objects.published().filter(bylines__author=author),
            scopes=[author],
            shows=[author],
        )


def _atom(feed_class):
    return type(feed_class.__name__ + "Atom", (feed_class,), {"feed_type": NewsAtomFeed})


CategoryAtomFeed = _atom(CategoryFeed)
TagAtomFeed = _atom(TagFeed)
AuthorAtomFeed = _atom(AuthorFeed)


def feed_view(feed_class):
    """A feed behind the readers' page cache."""
    feed = feed_class()

    def cached(request, *args, **kwargs):
        return pagecache.serve(request, lambda: feed(request, *args, **kwargs))

    cached.__name__ = feed_class.__name__
    return cached
