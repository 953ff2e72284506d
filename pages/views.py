from django.http import Http404, HttpResponsePermanentRedirect
from django.views.generic import DetailView

from articles.views import ReaderCacheMixin
from newsroom import pagecache

from . import metadata
from .invalidation import PAGES, POLICIES
from .links import special_pages
from .models import Page, PageRedirect


class PageDetail(ReaderCacheMixin, DetailView):
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
        return pages.select_related("parent")

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
        context.update(
            children=children,
            is_preview=not page.is_published,
            page_meta=page.page_meta(),
            structured_data=[
                metadata.page_structured_data(page, absolute, special_pages(self.request)),
                metadata.breadcrumb_data(page, absolute),
            ],
        )
        pagecache.shows(self.request, page, *children)
        # A page newly published under this one joins its list; the publisher's
        # policy pages are in the JSON-LD.
        pagecache.record(self.request, PAGES, POLICIES)
        return context
