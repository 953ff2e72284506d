from articles.sitemaps import PagedSitemap

from .models import Page


class PageSitemap(PagedSitemap):
    changefreq = "monthly"
    listed = (Page,)

    def items(self):
        return Page.objects.published().select_related("parent").defer("body", "parent__body").order_by("pk")

    def lastmod(self, page: Page):
        return page.updated_at
