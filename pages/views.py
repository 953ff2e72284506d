from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponsePermanentRedirect
from django.views.generic import DetailView

from articles import embeds
from articles.metadata import language_alternates
from articles.views import ReaderCacheMixin
from newsroom import pagecache

from . import metadata
from .links import special_pages
from .models import Page, PageRedirect


class PageDetail(embeds.PlayersMixin, ReaderCacheMixin, DetailView):
    """A page at /<slug>/ or /<parent>/<slug>/; an address it had before redirects to it.

    Drafts answer 404 to readers; staff who may edit pages see them with a notice.
    """

    template_name = "pages/page_detail.html"
    context_object_name = "page"

    @property
    def path(self) -> str:
        parent = self.kwargs.get("parent")
        return f"{parent}/{self.kwargs['slug']}" if parent else self.kwargs["slug"]

    def is_staff_preview(self) -> bool:
        return self.request.user.is_authenticated and self.request.user.has_perm("pages.view_page")

    def get_queryset(self):
        pages = Page.objects.all() if self.is_staff_preview() else Page.objects.published()
        # Lets a page in one language skip the query for its translations.
        translated = Page.objects.filter(translation_of=OuterRef("pk"))
        return pages.select_related("parent").annotate(has_translations=Exists(translated))

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            moved = self.moved_to()
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_object(self, queryset=None):
        page = (queryset or self.get_queryset()).at(self.path).first()
        if page is None:
            raise Http404("No such page")
        return page

    def moved_to(self) -> str | None:
        """The current address of the page that used to be here, if readers may see it."""
        old = PageRedirect.objects.filter(old_path=f"/{self.path}/").select_related("page__parent").first()
        if old is None or not (old.page.is_published or self.is_staff_preview()):
            return None
        return old.page.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        absolute = self.request.build_absolute_uri
        children = list(page.children.published() if page.is_published else page.children.all())
        in_several_languages = page.translation_of_id or getattr(page, "has_translations", True)
        versions = page.readable_translations() if page.is_published and in_several_languages else [page]
        meta = page.page_meta()
        meta.alternates = language_alternates(versions, absolute)
        context.update(
            children=children,
            is_preview=not page.is_published,
            page_meta=meta,
            # Where the language switcher sends a reader of this page, per language.
            translations={version.language: version.get_absolute_url() for version in versions},
            structured_data=[
                metadata.page_structured_data(page, absolute, special_pages(self.request)),
                metadata.breadcrumb_data(page, absolute),
            ],
        )
        # Its list (a page newly published under it joins it) and its language versions.
        pagecache.shows(self.request, page, *children, *versions)
        pagecache.lists(self.request, Page, None, page.story())
        return context
