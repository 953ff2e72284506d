"""Which cached pages a reply makes stale: its article's page and every card counting it.

Both record ``article:ID`` (articles/invalidation.py), so bumping that one tag
is enough. Saves and deletes arrive here as model signals, whatever made them
(the posting view, the admin's edit form, the WordPress importer);
:func:`comments.moderation.moderate` uses ``QuerySet.update()`` and calls
:func:`replies_changed` itself.
"""

from collections.abc import Iterable

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from articles.invalidation import article_tag
from newsroom import pagecache

from .models import Reply


def replies_changed(article_ids: Iterable[int]) -> None:
    pagecache.bump(*[article_tag(pk) for pk in set(article_ids)])


@receiver(pre_save, sender=Reply, dispatch_uid="pagecache_reply_pre_save")
def _reply_remember(sender, instance: Reply, raw=False, **kwargs):
    # An approved reply saved as spam, held or trashed leaves the pages that showed it.
    instance._was_approved = bool(
        instance.pk and Reply.objects.filter(pk=instance.pk, status=Reply.Status.APPROVED).exists()
    )


@receiver(post_save, sender=Reply, dispatch_uid="pagecache_reply_saved")
@receiver(post_delete, sender=Reply, dispatch_uid="pagecache_reply_deleted")
def _reply_changed(sender, instance: Reply, **kwargs):
    # Held and spam replies are on no shared page (their authors bypass the cache).
    if instance.status == Reply.Status.APPROVED or getattr(instance, "_was_approved", False):
        replies_changed([instance.article_id])
