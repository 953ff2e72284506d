"""WordPress comments → replies, with their threads, statuses and a log entry each.

Pingbacks and trackbacks are notices from other sites, not readers' words:
they are not imported and the summary counts them as skipped, by kind.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.utils import timezone

from .. import wxr
from ..formatting import plain_text, reply_text
from ..models import ImportedObject
from .mapping import Mapping, digest

if TYPE_CHECKING:
    from articles.models import Article

    from . import Importer

# WordPress comment_approved → reply status.
REPLY_STATUS_MAP = {
    "1": "approved",
    "0": "pending",
    "spam": "spam",
    "trash": "trash",
    "post-trashed": "trash",
}
REPLY_TYPES = {"", "comment"}
LINK_NOTICES = {"pingback", "trackback"}


def clean_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def import_replies(importer: Importer, posts, articles: dict[int, Article]) -> None:
    from comments.models import Reply

    report = importer.report
    comments = []
    for item, _status in posts:
        for comment in item.comments:
            if comment.type in LINK_NOTICES:
                report.skipped[f"{comment.type}s (links from other sites, never shown here)"] += 1
            elif comment.type not in REPLY_TYPES:
                report.skipped[f"comments of type '{comment.type}'"] += 1
            elif comment.approved not in REPLY_STATUS_MAP:
                report.skipped[f"replies with status '{comment.approved}'"] += 1
            else:
                comments.append((item, comment))
    if not comments:
        return
    mapping = Mapping(ImportedObject.Kind.REPLY, Reply, (str(c.wp_id) for _, c in comments))
    replies: dict[int, Reply] = {}
    written: list[tuple[Reply, bool]] = []  # new or changed replies, and whether each is new here
    for item, comment in comments:
        key = str(comment.wp_id)
        status = REPLY_STATUS_MAP[comment.approved]
        report.replies_by_status[status] += 1
        fingerprint = digest(
            comment.author, comment.email, comment.url, comment.ip, comment.date_gmt,
            comment.date_local, comment.content, comment.approved, comment.parent_id,
        )  # fmt: skip
        reply, write = mapping.compare(key, fingerprint, report, "replies")
        if reply is None:
            report.created["replies"] += 1
            reply = Reply()
        if write:
            written.append((reply, reply.pk is None))
            _fill_reply(reply, comment, articles[item.wp_id], status)
            mapping.record(key, reply, fingerprint)
        replies[comment.wp_id] = reply
    Reply.objects.bulk_create([reply for reply, new in written if new])
    Reply.objects.bulk_update(
        [reply for reply, new in written if not new],
        ["name", "email", "url", "body", "status", "hold_reason", "ip_address", "created_at"],
    )
    # Threads: a parent may come after its child in the file, so link once all exist.
    parented = []
    for _item, comment in comments:
        reply, parent = replies[comment.wp_id], replies.get(comment.parent_id)
        if comment.parent_id and parent is None:
            report.warn(
                f"Reply {comment.wp_id} answers reply {comment.parent_id}, which is not in the file; "
                "it is shown at the top level."
            )
        parent_id = parent.pk if parent is not None and parent is not reply else None
        if reply.parent_id != parent_id:
            reply.parent_id = parent_id
            parented.append(reply)
    Reply.objects.bulk_update(parented, ["parent"])
    importer.touched_articles.update((reply.article_id, None) for reply, _ in written)
    _log_imported([reply for reply, new in written if new])
    mapping.save()


def _log_imported(replies) -> None:
    """Each new reply's status is a decision taken in WordPress; the log says so."""
    from comments.models import ModerationLog, Reply

    ModerationLog.objects.bulk_create(
        ModerationLog(reply=reply, to_status=reply.status, reason=Reply.Reason.IMPORTED) for reply in replies
    )


def _fill_reply(reply, comment: wxr.Comment, article: Article, status: str) -> None:
    from comments.models import Reply

    reply.article = article
    reply.name = plain_text(comment.author)[:255] or "Anonymous"
    reply.email = plain_text(comment.email)[:254]
    url = plain_text(comment.url)
    reply.url = url if len(url) <= 200 and url.startswith(("http://", "https://")) else ""
    reply.body = reply_text(comment.content)
    reply.status = status
    reply.hold_reason = Reply.Reason.IMPORTED if status != "approved" else ""
    reply.ip_address = clean_ip(comment.ip)
    reply.created_at = comment.date_gmt or comment.date_local or timezone.now()
