"""Readers' replies under articles, the word lists that screen them and the log of decisions.

What happens to a reply (the rules and the status changes) lives in
:mod:`comments.moderation`; these models only store the outcome.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Upper
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from newsroom import pagecache
from newsroom.text import normalize

# What a reader sees of a reply (comments/rendering.py), and what the page's ETag notes.
THREAD_FIELDS = ("pk", "parent_id", "name", "url", "body", "status", "created_at", "updated_at")


class ReplyQuerySet(models.QuerySet):
    def approved(self) -> ReplyQuerySet:
        return self.filter(status=Reply.Status.APPROVED)

    def visible_to(self, own_ids: list[int] | None = None) -> ReplyQuerySet:
        """Approved replies, plus the reader's own replies still waiting for a moderator."""
        condition = Q(status=Reply.Status.APPROVED)
        if own_ids:
            condition |= Q(status=Reply.Status.PENDING, pk__in=own_ids)
        return self.filter(condition)

    def thread_order(self) -> ReplyQuerySet:
        return self.order_by("created_at", "pk")

    def thread_rows(self):
        """Only what a thread shows, as light named rows rather than model instances.

        A busy article shows hundreds of replies; building a model instance for
        each cost more than rendering it. What readers must never see (email,
        IP address) is not even loaded.
        """
        return self.thread_order().values_list(*THREAD_FIELDS, named=True)


class Reply(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        TRASH = "trash", _("Trash")

    class Reason(models.TextChoices):
        """Why a reply was not simply approved; shown to moderators."""

        NONE = "", _("—")
        TOO_FAST = "too_fast", _("Submitted faster than a person can type")
        BAD_TOKEN = "bad_token", _("Form token missing or tampered with")
        DISALLOWED_WORD = "disallowed_word", _("Disallowed word")
        DISALLOWED_NAME = "disallowed_name", _("Disallowed name")
        DISALLOWED_EMAIL = "disallowed_email", _("Disallowed email")
        DISALLOWED_IP = "disallowed_ip", _("Disallowed IP address")
        TOO_MANY_LINKS = "too_many_links", _("Too many links")
        MODERATION_WORD = "moderation_word", _("Moderation word")
        FIRST_REPLY = "first_reply", _("First reply from this email")
        STAFF_EMAIL = "staff_email", _("Uses a staff member's email")
        ALL_HELD = "all_held", _("Every reply is held for review")
        MODERATOR = "moderator", _("Set by a moderator")
        IMPORTED = "imported", _("Imported")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="replies"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        # Removing a reply keeps its answers; they move up a level.
        on_delete=models.SET_NULL,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=255)
    email = models.EmailField(_("email"), blank=True)
    url = models.URLField(_("website"), max_length=200, blank=True)
    body = models.TextField(_("comment"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    hold_reason = models.CharField(
        _("reason"),
        max_length=20,
        choices=Reason.choices,
        blank=True,
        help_text=_("Why the reply was held or marked as spam."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # A hash of what makes two submissions "the same reply", so the database
    # refuses a duplicate even when two requests race. Empty for imports.
    fingerprint = models.CharField(max_length=64, null=True, blank=True, editable=False)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="reply_thread_idx"),
            # Emails are matched case-insensitively (UPPER(email) = UPPER(%s) on PostgreSQL).
            models.Index(Upper("email"), "status", name="reply_email_upper_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=Q(fingerprint__isnull=False) & ~Q(status="trash"),
                name="reply_no_duplicates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.excerpt}"

    def cache_tags(self) -> list[str]:
        """An approved reply shows on its article's page and counts on its cards (newsroom/pagecache.py)."""
        return [pagecache.tag(Article, self.article_id)] if self.status == Reply.Status.APPROVED else []

    @property
    def excerpt(self) -> str:
        return Truncator(" ".join(self.body.split())).chars(80)

    @property
    def anchor(self) -> str:
        return f"reply-{self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def compute_fingerprint(self) -> str:
        key = "\x1f".join(
            [
                str(self.article_id),
                str(self.parent_id or ""),
                self.email.strip().lower(),
                normalize(" ".join(self.body.split())),
            ]
        )
        return hashlib.sha256(key.encode()).hexdigest()


class ModerationTerm(models.Model):
    """One entry of the lists moderators keep: disallowed words, names, emails, IPs, moderation words."""

    class Kind(models.TextChoices):
        DISALLOWED_WORD = "disallowed_word", _("Disallowed word (→ spam)")
        DISALLOWED_NAME = "disallowed_name", _("Disallowed name (→ spam)")
        DISALLOWED_EMAIL = "disallowed_email", _("Disallowed email or @domain (→ spam)")
        DISALLOWED_IP = "disallowed_ip", _("Disallowed IP address or network (→ spam)")
        MODERATION_WORD = "moderation_word", _("Moderation word (→ held for review)")

    kind = models.CharField(_("list"), max_length=20, choices=Kind.choices)
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_(
            "Words match anywhere in the name, website and comment, ignoring case and the "
            "Arabic/Persian spelling of letters such as ي/ی and ك/ک. Names match whole. An email "
            "may be a full address or a domain starting with @. An IP may be an address or a "
            "network such as 203.0.113.0/24."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("word list entry")
        verbose_name_plural = _("word lists")
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="moderation_term_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args, **kwargs):
        self.value = self.value.strip()
        super().save(*args, **kwargs)


class ModerationLog(models.Model):
    """Who moved a reply from which status to which, and when. Empty actor: the automatic rules."""

    reply = models.ForeignKey(
        Reply, verbose_name=_("reply"), on_delete=models.CASCADE, related_name="log_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Reply.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Reply.Status.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=Reply.Reason.choices, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


def replies_counted(status: str) -> Coalesce:
    """The outer query's article's replies in ``status``, as a subquery.

    Not a join: a join multiplies rows and clashes with the joins of searches and filters.
    """
    counts = (
        Reply.objects.filter(article=models.OuterRef("pk"), status=status)
        .order_by()
        .values("article")
        .annotate(total=models.Count("pk"))
        .values("total")
    )
    return Coalesce(models.Subquery(counts, output_field=models.IntegerField()), 0)


def approved_reply_count() -> Coalesce:
    """``reply_count`` of articles on public pages (see ``ArticleQuerySet.app_annotations``)."""
    return replies_counted(Reply.Status.APPROVED)


@dataclass
class ThreadNode:
    reply: Reply
    depth: int
    children: list[ThreadNode] = field(default_factory=list)


def arrange_thread(replies: list[Reply], max_depth: int) -> list[ThreadNode]:
    """Nest replies (already in posting order) under their parents, in Python.

    A reply whose parent is not shown (held, trashed) moves up to the top
    level rather than vanishing; replies deeper than ``max_depth`` (imported
    threads) are shown at the deepest level, after their parent.
    """
    nodes: dict[int, ThreadNode] = {}
    # The list each node sits in, so a too-deep answer can join its parent's list.
    container: dict[int, list[ThreadNode]] = {}
    roots: list[ThreadNode] = []
    for reply in replies:
        parent = nodes.get(reply.parent_id) if reply.parent_id else None
        if parent is None:
            node, siblings = ThreadNode(reply, 1), roots
        elif parent.depth >= max_depth:
            node, siblings = ThreadNode(reply, parent.depth), container[parent.reply.pk]
        else:
            node, siblings = ThreadNode(reply, parent.depth + 1), parent.children
        siblings.append(node)
        nodes[reply.pk], container[reply.pk] = node, siblings
    return roots
