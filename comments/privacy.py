"""A commenter's personal data: export it, erase it, and forget old IP addresses.

As WordPress does for comments, erasing anonymises rather than deletes: the
reply text stays where it was published (threads keep their shape), but the
name becomes "Anonymous" and the email, website, IP address, browser and
account link are removed, together with every derived trace (the duplicate
fingerprint hashes the email; the admin's history repeats the commenter's
name). Moderation log entries point at the reply and carry no personal data.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from newsroom import pagecache

from .models import Reply

ANONYMOUS = "Anonymous"


def replies_by(email: str):
    """Every reply given under this address, whatever its case."""
    email = email.strip()
    if not email:
        return Reply.objects.none()
    return Reply.objects.filter(email__iexact=email)


def export_commenter_data(email: str) -> dict[str, Any]:
    """What we hold about the person behind ``email``, as plain JSON-ready data."""
    replies = replies_by(email).select_related("article").prefetch_related("log_entries")
    replies = replies.order_by("created_at")
    return {
        "email": email.strip(),
        "exported_at": timezone.now().isoformat(),
        "replies": [
            {
                "id": reply.pk,
                "article": reply.article.title,
                "article_url": reply.article.get_absolute_url(),
                "in_reply_to": reply.parent_id,
                "posted": reply.created_at.isoformat(),
                "name": reply.name,
                "email": reply.email,
                "website": reply.url,
                "comment": reply.body,
                "status": reply.status,
                "ip_address": reply.ip_address,
                "user_agent": reply.user_agent,
                "moderation": [
                    {
                        "when": entry.created_at.isoformat(),
                        "from": entry.from_status,
                        "to": entry.to_status,
                        "reason": entry.reason,
                    }
                    for entry in sorted(reply.log_entries.all(), key=lambda e: e.created_at)
                ],
            }
            for reply in replies
        ],
    }


@transaction.atomic
def erase_commenter_data(email: str) -> int:
    """Anonymise every reply given under ``email``; returns how many were changed."""
    rows = list(replies_by(email).values_list("pk", "article_id"))
    if not rows:
        return 0
    ids = [pk for pk, _ in rows]
    changed = Reply.objects.filter(pk__in=ids).update(
        name=ANONYMOUS,
        email="",
        url="",
        ip_address=None,
        user_agent="",
        user=None,
        fingerprint=None,
        updated_at=timezone.now(),
    )
    # The admin's change history names each reply by its str(), i.e. the commenter's name.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Reply), object_id__in=[str(pk) for pk in ids]
    ).update(object_repr=f"{ANONYMOUS} (erased)", change_message="")
    # Cached article pages still show the old name until told otherwise.
    transaction.on_commit(lambda: pagecache.bump(*[pagecache.tag(Article, pk) for _, pk in rows]))
    return changed


def purge_old_ip_addresses(older_than: datetime.timedelta, now: datetime.datetime | None = None) -> int:
    """Forget the IP address (and browser) of replies older than ``older_than``."""
    cutoff = (now or timezone.now()) - older_than
    old = Reply.objects.filter(created_at__lt=cutoff)
    return old.exclude(ip_address=None, user_agent="").update(ip_address=None, user_agent="")
