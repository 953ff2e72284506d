import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Value, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, MonthArchiveView, TemplateView, YearArchiveView

from newsroom import pagecache
from pages.links import special_pages

from . import embeds, invalidation, metadata, search
from .models import FEATURED_LIMIT, Article, ArticleTag, Author, Category, bylines_prefetch, related_articles
from .paging import BoundedCountPaginator, asked_page

HOME_LATEST = 9
HOME_SECTION_SIZE = 4


class Candidate(NamedTuple):
    """A story the home page may show: what choosing its place needs, before it is loaded."""

    pk: int
    publish_at: datetime.datetime
    is_pinned: bool


class ReaderCacheMixin:
    """Anonymous readers get the page from the cache; what it records is in each view."""

    reader_cache = True  # False: never stored, not even looked up

    def dispatch(self, request, *args, **kwargs):
        parent = super()
        if not self.reader_cache:
            response = parent.dispatch(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        return pagecache.serve(request, lambda: parent.dispatch(request, *args, **kwargs))


class PublishedArticlesMixin(ReaderCacheMixin):
    """The one queryset every public listing starts from, and its paging."""

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    page_kwarg = "page"

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def listing_scopes(self) -> list | None:
        """The set of articles this listing shows (``pagecache.list_tag``); None: counted each time."""
        return None

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        scopes = self.listing_scopes()
        if scopes is None:
            return super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, **kwargs)
        name = ":".join([type(self).__name__, *(f"{k}={v}" for k, v in sorted(self.kwargs.items()))])
        return BoundedCountPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            name=name,
            tags=[pagecache.list_tag(Article, scope) for scope in scopes],
            asked_page=asked_page(self.request, self.page_kwarg),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scopes = self.listing_scopes()
        if scopes is not None and "object_list" in context:  # what it lists, and each card
            invalidation.listed(self.request, context["object_list"], *scopes)
        return context


class HomeView(PublishedArticlesMixin, TemplateView):
    """The lead, up to three featured stories, the latest, then a section per home category.

    No story appears twice: each part shows only stories no part above it showed.
    """

    template_name = "articles/home.html"
    FEATURED, PINNED, NEWEST = -3, -2, -1  # slots of the front page besides the sections' own

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Title and description: the site's name and tagline in the page's language (page_meta).
        context["page_meta"] = metadata.for_listing("", "", self.request.path)
        # Read only when the template's {% shared "home" %} part is rendered again.
        context["front"] = SimpleLazyObject(self.front)
        # Who publishes the site, with its policies: search engines read it from the front page.
        organisation = metadata.publisher(self.request.build_absolute_uri, special_pages(self.request))
        context["structured_data"] = [{"@context": "https://schema.org", **organisation}]
        return context

    def front(self) -> dict:
        """The lead, the featured and latest stories and the home sections."""
        sections = list(Category.objects.filter(show_on_home=True))
        slots = self._slots(sections)
        # The lead is the newest pinned story, else simply the newest.
        front = sorted(
            {a.pk: a for a in slots.get(self.PINNED, []) + slots.get(self.NEWEST, [])}.values(),
            key=lambda a: (a.is_pinned, a.publish_at, a.pk),
            reverse=True,
        )
        lead = front[0] if front else None
        shown = {lead.pk} if lead else set()

        def fresh(articles, size):
            chosen = [article for article in articles if article.pk not in shown][:size]
            shown.update(article.pk for article in chosen)
            return chosen

        featured = fresh(slots.get(self.FEATURED, []), FEATURED_LIMIT)
        latest = fresh(front, HOME_LATEST)
        chosen_sections = [(c, fresh(slots.get(c.pk, []), HOME_SECTION_SIZE)) for c in sections]
        # Only the stories shown are loaded whole (with their bylines, images and categories).
        articles = self.get_queryset().in_bulk(shown)

        def loaded(candidates):
            return [articles[c.pk] for c in candidates if c.pk in articles]

        lead = articles.get(lead.pk) if lead else None
        featured, latest = loaded(featured), loaded(latest)
        shown_sections = []
        for category, candidates in chosen_sections:
            if section_articles := loaded(candidates):
                shown_sections.append({"category": category, "articles": section_articles})
        pagecache.lists(self.request, Category)
        invalidation.listed(self.request, [*([lead] if lead else []), *featured, *latest])
        for section in shown_sections:
            invalidation.listed(self.request, section["articles"], section["category"])
        return {"lead": lead, "featured": featured, "latest": latest, "sections": shown_sections}

    def _slots(self, sections: list[Category]) -> dict[int, list[Candidate]]:
        """The newest featured, pinned and published stories, and the newest per section, in one query.

        Each part is its own newest-first index scan that stops after a few rows;
        one ordering or window over everything would sort the whole archive. A
        part reads as many more rows as the parts above it may have taken, so
        leaving out what they showed still fills it. Only what choosing needs
        is read: ``front()`` loads the few stories chosen.
        """
        published = Article.objects.published().order_by("-publish_at", "-pk")
        above = 1 + FEATURED_LIMIT + HOME_LATEST  # the lead, featured and latest stories
        sizes = {c.pk: HOME_SECTION_SIZE + above + HOME_SECTION_SIZE * n for n, c in enumerate(sections)}
        fields = ("pk", "slot", "publish_at", "is_pinned")

        def part(queryset, slot, size):
            return queryset.annotate(slot=Value(slot)).values_list(*fields)[:size]

        parts = [
            part(published.filter(is_featured=True), self.FEATURED, FEATURED_LIMIT + 1),
            part(published.filter(is_pinned=True), self.PINNED, above),
            part(published, self.NEWEST, above),
            *[part(published.filter(categories=c), c.pk, sizes[c.pk]) for c in sections],
        ]
        if connection.features.supports_slicing_ordering_in_compound:
            rows = list(parts[0].union(*parts[1:], all=True))
        else:
            # SQLite (development) has no LIMIT inside UNION: a window over the sections.
            ranked = (
                Article.objects.published()
                .filter(categories__in=sections)
                .annotate(
                    slot=F("categories"),
                    rank=Window(
                        RowNumber(),
                        partition_by=F("categories"),
                        order_by=[F("publish_at").desc(), F("pk").desc()],
                    ),
                )
                .filter(rank__lte=max(sizes.values(), default=0))
                .values_list(*fields, "rank")
            )
            section_rows = [row[:4] for row in (ranked if sections else []) if row[4] <= sizes[row[1]]]
            rows = [*parts[0], *parts[1], *parts[2], *section_rows]
        slots: dict[int, list[Candidate]] = {}
        for pk, slot, publish_at, is_pinned in rows:
            slots.setdefault(slot, []).append(Candidate(pk, publish_at, is_pinned))
        for slot in slots.values():
            slot.sort(key=lambda a: (a.publish_at, a.pk), reverse=True)
        return slots


class ArticleDetail(embeds.PlayersMixin, ReaderCacheMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    # The article and its related box are the same for every visitor: kept as
    # one part (pagecache.fragment) for staff, readers with state and misses.
    shared_parts = True

    # The article's row as its part keeps it, for the page around the part (title, replies' rules).
    ROW = [f.attname for f in Article._meta.concrete_fields if f.name not in ("body", "search_vector")]

    def part_name(self) -> str:  # from the address: known before the article is looked up
        return "article:{year}-{month}-{day}/{slug}".format(**self.kwargs)

    def get_queryset(self):
        return self.for_parts(Article.objects.published())

    @staticmethod
    def for_parts(articles):
        return (
            articles.select_related("featured_image")
            .defer("search_vector")
            .with_app_annotations()
            # Lets a story in one language skip the query for its translations.
            .annotate(has_translations=Exists(Article.objects.filter(translation_of=OuterRef("pk"))))
        )

    @classmethod
    def page(cls, request, article: Article, *, status: int, **extra_context) -> TemplateResponse:
        """The page of a readable ``article`` with ``extra_context``, answering another view.

        For apps built on articles: the replies app shows a refused reply
        form (``reply_form``) in the page, with the reader's text kept.
        """
        day = article.publish_date
        view = cls()
        view.setup(request, year=day.year, month=day.month, day=day.day, slug=article.slug)
        view.object = view.get_object()
        context = view.get_context_data(object=view.object, **extra_context)
        return view.render_to_response(context, status=status)

    def get_object(self, queryset=None):
        try:
            day = datetime.date(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        except ValueError:
            raise Http404("No such date")
        # A kept part was made from the readable article at this address, and goes with any change
        # to it (status, time, slug, deletion): its row needs no query while it is kept.
        if (
            queryset is None
            and self.shared_parts
            and (kept := pagecache.peek(self.request, self.part_name()))
        ):
            return Article.from_db(Article.objects.db, self.ROW, kept["row"])
        queryset = self.get_queryset() if queryset is None else queryset
        return get_object_or_404(queryset, publish_date=day, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.shared_parts:
            parts = pagecache.fragment(self.request, self.part_name(), lambda: self.render_parts(context))
        else:
            parts = self.render_parts(context)
        if parts.get("players"):  # kept with the part: its template tag does not run again
            embeds.shows_players(self.request)
        context["parts"] = parts
        context["translations"] = parts["translations"]
        return context

    def render_parts(self, context) -> dict:
        """The head's metadata and the article with its related box, as HTML, and what they show."""
        if "body" in self.object.get_deferred_fields():  # the part was kept when get_object looked
            self.object = self.for_parts(Article.objects).get(pk=self.object.pk)
            context = {**context, "article": self.object, "object": self.object}
        article = self.object
        categories = Category.objects.select_related("parent__parent")
        prefetch_related_objects(
            [article], Prefetch("categories", categories), "tags", "corrections", bylines_prefetch()
        )
        # The primary category, with the parents the breadcrumb shows, is
        # normally one of the article's categories: no query of its own.
        primary = [c for c in article.categories.all() if c.pk == article.primary_category_id]
        if primary:
            article.primary_category = primary[0]
        elif article.primary_category_id:
            article.primary_category = categories.get(pk=article.primary_category_id)
        related = list(related_articles(article))
        in_several_languages = article.translation_of_id or getattr(article, "has_translations", True)
        versions = article.readable_translations() if in_several_languages else [article]
        absolute = self.request.build_absolute_uri
        meta = article.page_meta()
        meta.alternates = metadata.language_alternates(versions, absolute)
        context = {
            **context,
            "related_articles": related,
            "page_meta": meta,
            "structured_data": [
                metadata.article_structured_data(article, absolute, special_pages(self.request), versions),
                metadata.breadcrumb_data(article, absolute),
            ],
        }
        tags = list(article.tags.all())
        pagecache.shows(self.request, article, *article.categories.all(), *tags)
        # The related box (articles sharing a tag or the primary category) and the language versions.
        related_scopes = [*tags, *([article.primary_category] if article.primary_category_id else [])]
        invalidation.listed(self.request, related, *related_scopes, article.story())
        # Where the language switcher sends a reader of this article, per language; "Also in" links.
        context["translations"] = {version.language: version.get_absolute_url() for version in versions}
        main = render_to_string("articles/_article_main.html", context, self.request)
        return {
            "head": render_to_string("articles/_article_head.html", context, self.request),
            "main": main,
            "players": getattr(self.request, "_shows_players", False),
            "row": [getattr(article, name) for name in self.ROW],
            "translations": context["translations"],
        }


class CategoryArticleList(PublishedArticlesMixin, ListView):
    """A category's articles, including those filed only under its subcategories."""

    template_name = "articles/category_detail.html"

    @cached_property
    def all_categories(self):
        return list(Category.objects.all())

    @cached_property
    def category(self):
        for category in self.all_categories:
            if category.slug == self.kwargs["slug"]:
                return category
        raise Http404("No such category")

    def get_queryset(self):
        ids = Category.descendant_ids(self.all_categories, self.category)
        return super().get_queryset().in_categories(ids)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["page_meta"] = metadata.for_listing(
            self.category.name,
            self.category.description or self.category.name,
            self.category.get_absolute_url(),
            context["page_obj"],
            feeds=metadata.scoped_feeds(self.category.name, "articles:category-feed", self.category.slug),
        )
        context["ancestors"] = Category.ancestors(self.all_categories, self.category)
        context["subcategories"] = [c for c in self.all_categories if c.parent_id == self.category.pk]
        pagecache.lists(self.request, Category)  # its parents and subcategories
        return context

    def listing_scopes(self) -> list:
        ids = Category.descendant_ids(self.all_categories, self.category)
        return [c for c in self.all_categories if c.pk in ids]


class TagArticleList(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"

    @cached_property
    def tag(self):
        return get_object_or_404(ArticleTag.readable_tags(), slug=self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().tagged(self.tag)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(tag=self.tag, **kwargs)
        context["page_meta"] = metadata.for_listing(
            _("Tagged “%(tag)s”") % {"tag": self.tag.name},
            _("Articles tagged %(tag)s") % {"tag": self.tag.name},
            reverse("articles:tag", kwargs={"slug": self.tag.slug}),
            context["page_obj"],
            feeds=metadata.scoped_feeds(self.tag.name, "articles:tag-feed", self.tag.slug),
        )
        pagecache.shows(self.request, self.tag)
        return context

    def listing_scopes(self) -> list:
        return [self.tag]


class AuthorArticleList(PublishedArticlesMixin, ListView):
    template_name = "articles/author_detail.html"

    @cached_property
    def author(self):
        return get_object_or_404(Author, slug=self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().filter(bylines__author=self.author)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(author=self.author, **kwargs)
        context["page_meta"] = metadata.for_listing(
            self.author.name,
            self.author.bio or self.author.job_title or self.author.name,
            self.author.get_absolute_url(),
            context["page_obj"],
            feeds=metadata.scoped_feeds(self.author.name, "articles:author-feed", self.author.slug),
            type="profile",
            image=self.author.photo.url if self.author.photo else "",
        )
        pagecache.shows(self.request, self.author)
        return context

    def listing_scopes(self) -> list:
        return [self.author]


class ArchiveMixin(PublishedArticlesMixin):
    date_field = "publish_at"
    make_object_list = True
    allow_empty = False
    allow_future = False

    def get_year(self):
        return str(self.kwargs["year"])

    def get_month(self):
        return f"{self.kwargs['month']:02d}"

    def listing_scopes(self) -> list:
        return [Article.archive(self.kwargs["year"], self.kwargs.get("month"))]


class ArticleYearArchive(ArchiveMixin, YearArchiveView):
    template_name = "articles/article_archive_year.html"


class ArticleMonthArchive(ArchiveMixin, MonthArchiveView):
    template_name = "articles/article_archive_month.html"
    month_format = "%m"


class SearchView(PublishedArticlesMixin, ListView):
    """Ranked results with highlighted excerpts; any input gives a page, never an error."""

    template_name = "articles/search.html"
    # Any query string makes a page: storing them would only crowd the cache out.
    reader_cache = False

    @cached_property
    def search_text(self) -> search.SearchText:
        return search.SearchText.parse(self.request.GET.get("q", ""))

    def get_queryset(self):
        return search.search_articles(Article.objects.published().with_bylines(), self.search_text)

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return BoundedCountPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            asked_page=asked_page(self.request, self.page_kwarg),
        )

    def paginate_queryset(self, queryset, page_size):
        # A page number past the end or not a number shows the nearest page.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        page.object_list = search.highlight(list(page.object_list), self.search_text)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.search_text, **kwargs)
        context["page_meta"] = metadata.for_listing(
            _("Search"),
            _("Search all published articles."),
            reverse("articles:search"),
            noindex=True,
        )
        return context
