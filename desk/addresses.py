"""Addresses that moved answer 301 to where the page is now.

A published article's address is public the moment it is published (or
scheduled): links, feeds and search engines hold it. When its slug or date
changes on purpose, the old address is kept here and redirected; tags merged
into another keep theirs the same way. Like the WordPress redirects, only a
404 is looked up, so a moved address never hides a live page.
"""

from __future__ import annotations

from urllib.parse import unquote

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import HttpResponsePermanentRedirect

from articles.models import Article

from .models import MovedAddress

SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")


@receiver(pre_save, sender=Article, dispatch_uid="desk-moved-article")
def keep_old_address(sender, instance: Article, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    before = Article.objects.filter(pk=instance.pk).only("slug", "publish_date", "first_published_at").first()
    if before is None or before.first_published_at is None or before.publish_date is None:
        return
    instance._old_address = unquote(before.get_absolute_url())


@receiver(post_save, sender=Article, dispatch_uid="desk-moved-article-saved")
def record_moved_address(sender, instance: Article, raw=False, **kwargs) -> None:
    old = getattr(instance, "_old_address", None)
    if raw or old is None:
        return
    del instance._old_address
    new = unquote(instance.get_absolute_url())
    # The current address is live again: an old entry for it would only shadow nothing.
    MovedAddress.objects.filter(path=new).delete()
    if old != new:
        MovedAddress.objects.update_or_create(path=old, defaults={"article": instance, "tag": None})


def moved_target(path: str) -> str | None:
    entry = MovedAddress.objects.select_related("article", "tag").filter(path=path).first()
    return entry.target() if entry else None


class MovedAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.method in ("GET", "HEAD")
            and not request.path_info.startswith(SKIPPED_PREFIXES)
            and len(request.path_info) <= 500
            and "\x00" not in request.path_info
        ):
            target = moved_target(request.path_info)
            if target and target != request.path_info:
                return HttpResponsePermanentRedirect(target)
        return response
