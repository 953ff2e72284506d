"""The newsroom's rules for the page cache that no model's ``cache_tags()`` can say.

The one change without an event, a scheduled article's time coming, is an expiry rule.
"""

from __future__ import annotations

import datetime

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from taggit.models import Tag

from library import bodies
from library.models import Image
from newsroom import pagecache

from .models import Article

pagecache.declare(Tag, lambda tag: [pagecache.tag(tag)])  # taggit's model is not ours to add a method to


def listed(request, articles, *scopes) -> None:
    """A listing shows ``articles`` of the set ``scopes`` names (none: every readable article)."""
    pagecache.lists(request, Article, *scopes)
    pagecache.shows(request, *articles)


def next_scheduled_publish() -> datetime.datetime | None:
    def lookup():
        scheduled = Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())
        return scheduled.order_by("publish_at").values_list("publish_at", flat=True).first()

    def passed(moment):
        return moment is not None and moment <= timezone.now()

    return pagecache.remember("next-scheduled-publish", [pagecache.list_tag(Article)], lookup, stale=passed)


pagecache.expires_with(next_scheduled_publish)


@receiver(post_save, sender=Image, dispatch_uid="pagecache_library_image_saved")
def _library_image_changed(sender, instance: Image, created=False, raw=False, **kwargs):
    """A picture's words or crops changed: every body that shows it (library.bodies), and every card."""
    if created or raw:
        return
    shown = [*Article.objects.filter(featured_image=instance).only("pk")]
    for model in bodies.models_with_bodies():
        shown += bodies.showing(model, instance.key).only("pk")
    if shown:
        pagecache.bump(*[pagecache.tag(item) for item in shown], pagecache.list_tag(Article, "content"))
