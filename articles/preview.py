"""Staff preview of drafts and scheduled pieces (SPEC §3).

The admin hands out a signed link that expires; the view answers 404 to
anyone who is not staff with the right to see articles, so a leaked link
shows a reader nothing, and to a journalist for a colleague's unpublished
piece (``workflow.visible_to``), as the admin does.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from . import workflow
from .models import Article
from .views import ArticleDetail

SALT = "articles.preview"


def max_age() -> int:
    return getattr(settings, "NEWSROOM_PREVIEW_MAX_AGE", 24 * 60 * 60)


def preview_url(article: Article) -> str:
    token = signing.dumps(article.pk, salt=SALT, compress=True)
    return reverse("articles:preview", kwargs={"token": token})


def article_id_from(token: str) -> int:
    try:
        return int(signing.loads(token, salt=SALT, max_age=max_age()))
    except (signing.BadSignature, TypeError, ValueError):
        raise Http404("Invalid or expired preview link")


def may_preview(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("articles.view_article")


class ArticlePreview(ArticleDetail):
    """The article page for any status, behind a signed link and staff rights."""

    shared_parts = False  # a draft is nobody else's page

    def get_queryset(self):
        return Article.objects.filter(workflow.visible_to(self.request.user)).select_related("featured_image")

    def get_object(self, queryset=None):
        if not may_preview(self.request.user):
            raise Http404("No such page")
        queryset = self.get_queryset() if queryset is None else queryset
        try:
            return queryset.get(pk=article_id_from(self.kwargs["token"]))
        except Article.DoesNotExist:
            raise Http404("No such article")

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # A preview is never cached by a shared cache nor indexed.
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
