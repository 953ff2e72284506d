"""What happens to a reply: the rules of SPEC §4 and the moderators' decisions.

A new reply goes through :func:`decide`, which applies the rules in the
order of the specification and returns its status and the reason. Rules that
refuse a submission outright (closed article, flooding, duplicates) raise
:class:`Refusal` with the message and HTTP status the reader gets. Moderators'
decisions go through :func:`moderate`. The posting view and the admin call
these functions directly, so every change of status is logged in one place.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from newsroom import mail, pagecache
from newsroom.text import normalize

from .models import ModerationLog, ModerationTerm, Reply

logger = logging.getLogger(__name__)

Status = Reply.Status
Reason = Reply.Reason

MODERATE_PERMISSION = "comments.change_reply"

# The messages readers see when a submission is refused (the wording).
FLOOD_MESSAGE = gettext_lazy("You are posting comments too quickly. Slow down.")
DUPLICATE_MESSAGE = gettext_lazy("Duplicate comment detected; it looks as though you’ve already said that!")
CLOSED_MESSAGE = gettext_lazy("Comments are closed.")


@dataclass(frozen=True)
class Decision:
    """The fate of a new reply. ``status`` None means: drop it quietly, store nothing."""

    status: str | None
    reason: str = Reason.NONE


class Refusal(Exception):
    """A submission refused with a message for the reader and an HTTP status."""

    def __init__(self, message: str, status_code: int):
        super().__init__(message)
        self.message = message
        self.status_code = status_code


@dataclass
class WordLists:
    """The moderators' lists, folded once for matching."""

    disallowed_words: list[str] = field(default_factory=list)
    disallowed_names: list[str] = field(default_factory=list)
    disallowed_emails: list[str] = field(default_factory=list)
    disallowed_ips: list[str] = field(default_factory=list)
    moderation_words: list[str] = field(default_factory=list)

    @classmethod
    def load(cls) -> WordLists:
        lists = cls()
        attribute = {
            ModerationTerm.Kind.DISALLOWED_WORD: lists.disallowed_words,
            ModerationTerm.Kind.DISALLOWED_NAME: lists.disallowed_names,
            ModerationTerm.Kind.DISALLOWED_EMAIL: lists.disallowed_emails,
            ModerationTerm.Kind.DISALLOWED_IP: lists.disallowed_ips,
            ModerationTerm.Kind.MODERATION_WORD: lists.moderation_words,
        }
        for kind, value in ModerationTerm.objects.values_list("kind", "value"):
            folded = value.strip() if kind == ModerationTerm.Kind.DISALLOWED_IP else normalize(value.strip())
            if folded:
                attribute[kind].append(folded)
        return lists


# --- step 1: is the article (and the parent) open for this reply? -----------


def closes_at(article: Article) -> datetime.datetime | None:
    """When replies close by age, or None if they never do."""
    days = settings.NEWSROOM_REPLY_CLOSE_AFTER_DAYS
    if not days or article.publish_at is None:
        return None
    return article.publish_at + datetime.timedelta(days=days)


def comments_open(article: Article, now: datetime.datetime) -> bool:
    """Open when the article is readable, its switch is on and it is not too old."""
    if not article.comments_open or not article.is_readable_at(now):
        return False
    deadline = closes_at(article)
    return deadline is None or now < deadline


def thread_depth(reply: Reply) -> int:
    """The level ``reply`` is shown at: 1 for a top-level reply.

    As the thread shows it (``arrange_thread``): an answer to a reply that is
    not shown (held, spam, trash) moves up, so only approved ancestors count.
    Walks up the parents, a few queries at most.
    """
    depth, node, seen = 1, reply, set()
    while node.parent_id and node.parent_id not in seen and depth <= settings.NEWSROOM_REPLY_DEPTH:
        seen.add(node.parent_id)
        node = node.parent
        if node.status != Status.APPROVED:
            break
        depth += 1
    return depth


def parent_problem(parent: Reply | None, article: Article) -> str | None:
    """Why a reader may not answer ``parent`` (None: no such reply) under ``article``, or None."""
    if parent is None or parent.article_id != article.pk or parent.status != Status.APPROVED:
        return _("The reply you are answering is not available.")
    if thread_depth(parent) >= settings.NEWSROOM_REPLY_DEPTH:
        return _("This conversation cannot be nested any deeper; please reply further up.")
    return None


# --- step 2: bot signals -------------------------------------------------------


def bot_signal(
    *, honeypot: str, started_at: datetime.datetime | None, now: datetime.datetime
) -> Decision | None:
    """A filled honeypot is dropped; a missing token or a too-fast form is spam."""
    if honeypot.strip():
        return Decision(None, Reason.NONE)
    if started_at is None:
        return Decision(Status.SPAM, Reason.BAD_TOKEN)
    if (now - started_at).total_seconds() < settings.NEWSROOM_REPLY_MIN_SECONDS:
        return Decision(Status.SPAM, Reason.TOO_FAST)
    return None


# --- step 3: flooding and duplicates -------------------------------------------


def _may_moderate(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff and user.has_perm(MODERATE_PERMISSION))


def check_flood(reply: Reply) -> None:
    """One reply per IP and per email within the interval; moderators are exempt.

    The counters live in Django's cache, shared between app servers when
    Redis is configured; ``cache.add`` is atomic there, so two requests
    racing each other cannot both pass.
    """
    seconds = settings.NEWSROOM_REPLY_FLOOD_SECONDS
    if seconds <= 0 or _may_moderate(reply.user):
        return
    keys = []
    if reply.ip_address:
        keys.append(f"replies:flood:ip:{reply.ip_address}")
    if reply.email:
        digest = hashlib.sha256(reply.email.strip().lower().encode()).hexdigest()
        keys.append(f"replies:flood:email:{digest}")
    claimed = []
    for key in keys:
        if not cache.add(key, 1, timeout=seconds):
            # Release what this attempt claimed, so it does not extend the wait.
            cache.delete_many(claimed)
            raise Refusal(str(FLOOD_MESSAGE), 429)
        claimed.append(key)


def check_duplicate(reply: Reply) -> None:
    """The same person saying the same thing under the same parent again."""
    reply.fingerprint = reply.compute_fingerprint()
    if Reply.objects.filter(fingerprint=reply.fingerprint).exclude(status=Status.TRASH).exists():
        raise Refusal(str(DUPLICATE_MESSAGE), 409)


# --- step 4: the disallowed lists ----------------------------------------------


def _ip_listed(ip: str | None, entries: Iterable[str]) -> bool:
    if not ip:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for entry in entries:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _email_listed(email: str, entries: Iterable[str]) -> bool:
    email = normalize(email.strip())
    if not email:
        return False
    domain = email.rpartition("@")[2]
    return any(email == entry or (entry.startswith("@") and domain == entry[1:]) for entry in entries)


def disallowed(reply: Reply, lists: WordLists) -> Decision | None:
    """Anything on the disallowed lists makes the reply spam."""
    name = normalize(" ".join(reply.name.split()))
    if name and name in lists.disallowed_names:
        return Decision(Status.SPAM, Reason.DISALLOWED_NAME)
    if _email_listed(reply.email, lists.disallowed_emails):
        return Decision(Status.SPAM, Reason.DISALLOWED_EMAIL)
    if _ip_listed(reply.ip_address, lists.disallowed_ips):
        return Decision(Status.SPAM, Reason.DISALLOWED_IP)
    text = normalize(f"{reply.name}\n{reply.url}\n{reply.body}")
    if any(word in text for word in lists.disallowed_words):
        return Decision(Status.SPAM, Reason.DISALLOWED_WORD)
    return None


# --- step 5: links and moderation words ----------------------------------------

_LINK = re.compile(r"(?:https?://|www\.)\S", re.IGNORECASE)


def count_links(text: str) -> int:
    return len(_LINK.findall(text))


def too_many_links(reply: Reply, limit: int) -> Decision | None:
    if count_links(reply.body) > limit:
        return Decision(Status.PENDING, Reason.TOO_MANY_LINKS)
    return None


def moderation_word(reply: Reply, lists: WordLists) -> Decision | None:
    text = normalize(f"{reply.name}\n{reply.email}\n{reply.url}\n{reply.body}")
    if any(word in text for word in lists.moderation_words):
        return Decision(Status.PENDING, Reason.MODERATION_WORD)
    return None


# --- step 6: who is writing ----------------------------------------------------


def has_approved_reply(email: str) -> bool:
    email = email.strip()
    return bool(email) and Reply.objects.approved().filter(email__iexact=email).exists()


def _mailbox(email: str) -> str:
    """An address as its mailbox: case folded, without a ``+suffix`` in the local part."""
    local, _at, domain = email.strip().casefold().rpartition("@")
    return f"{local.partition('+')[0]}@{domain}"


def uses_staff_email(email: str) -> bool:
    """Whether ``email`` is a staff account's (easy to guess, so never a sign of trust)."""
    if "@" not in email:
        return False
    staff = get_user_model().objects.filter(is_staff=True).exclude(email="").values_list("email", flat=True)
    mailbox = _mailbox(email)
    return any(_mailbox(address) == mailbox for address in staff)


def trust(reply: Reply) -> Decision:
    """Staff and known commenters are approved; everyone else waits for a moderator.

    A reply under a staff member's email from anyone but a signed-in staff
    member is held: it may be someone putting words in an editor's mouth.
    """
    if reply.user is not None and reply.user.is_authenticated and reply.user.is_staff:
        return Decision(Status.APPROVED)
    if uses_staff_email(reply.email):
        return Decision(Status.PENDING, Reason.STAFF_EMAIL)
    if not settings.NEWSROOM_REPLY_APPROVE_KNOWN_EMAIL:
        return Decision(Status.PENDING, Reason.ALL_HELD)
    if has_approved_reply(reply.email):
        return Decision(Status.APPROVED)
    return Decision(Status.PENDING, Reason.FIRST_REPLY)


# --- the pipeline --------------------------------------------------------------


def decide(
    reply: Reply,
    now: datetime.datetime,
    *,
    honeypot: str = "",
    started_at: datetime.datetime | None = None,
    lists: WordLists | None = None,
) -> Decision:
    """The fate of a new, validated reply (SPEC §4 steps 2 to 6, in order).

    Raises :class:`Refusal` when the article is closed, for flooding and for
    duplicates; nothing may be stored then.
    """
    if not comments_open(reply.article, now):
        raise Refusal(str(CLOSED_MESSAGE), 403)
    bot = bot_signal(honeypot=honeypot, started_at=started_at, now=now)
    if bot is not None:
        return bot
    check_flood(reply)
    check_duplicate(reply)
    lists = lists if lists is not None else WordLists.load()
    return (
        disallowed(reply, lists)
        or too_many_links(reply, settings.NEWSROOM_REPLY_MAX_LINKS)
        or moderation_word(reply, lists)
        or trust(reply)
    )


def store(reply: Reply, decision: Decision, now: datetime.datetime) -> Reply:
    """Save a decided reply and log the automatic decision, once.

    The database refuses a second copy even when two identical posts race
    past :func:`check_duplicate` (unique fingerprint).
    """
    reply.status = decision.status
    reply.hold_reason = decision.reason
    reply.created_at = now
    if not reply.fingerprint:
        reply.fingerprint = reply.compute_fingerprint()
    try:
        with transaction.atomic():
            reply.save()
            ModerationLog.objects.create(
                reply=reply, actor=None, from_status="", to_status=reply.status, reason=reply.hold_reason
            )
    except IntegrityError:
        reply.pk = None
        raise Refusal(str(DUPLICATE_MESSAGE), 409)
    return reply


# --- moderators' decisions -----------------------------------------------------


def moderate(replies: Iterable[Reply], to_status: str, by, reason: str = Reason.MODERATOR) -> int:
    """Move replies to ``to_status`` and log who did it; returns how many changed.

    A reply that would become a duplicate of a visible one (restoring a
    trashed copy) is left where it is.
    """
    now = timezone.now()
    new_reason = Reason.NONE if to_status == Status.APPROVED else reason
    changed = 0
    shown_or_hidden: set[int] = set()
    for reply in replies:
        if reply.status == to_status:
            continue
        from_status = reply.status
        try:
            with transaction.atomic():
                updated = (
                    Reply.objects.filter(pk=reply.pk, status=from_status).update(
                        status=to_status, hold_reason=new_reason, updated_at=now
                    )
                    # A concurrent moderator got there first: their log entry stands.
                )
                if not updated:
                    continue
                ModerationLog.objects.create(
                    reply=reply,
                    actor=by,
                    from_status=from_status,
                    to_status=to_status,
                    reason=new_reason,
                    created_at=now,
                )
        except IntegrityError:
            continue
        if Status.APPROVED in (from_status, to_status):
            shown_or_hidden.add(reply.article_id)
        reply.status, reply.hold_reason = to_status, new_reason
        changed += 1
    # update() sends no signal: the article pages and cards are refreshed here.
    pagecache.bump(*[pagecache.tag(Article, pk) for pk in shown_or_hidden])
    return changed


def approve(reply: Reply, by) -> bool:
    """One reply approved (answering a held reply approves it); False if nothing changed."""
    return moderate([reply], Status.APPROVED, by) == 1


# Answering a reply approves it: never one a moderator has thrown out.
UNANSWERABLE = (Status.SPAM, Status.TRASH)


def staff_answer_problem(reply: Reply) -> str | None:
    """Why staff may not answer ``reply`` from the queue, or None.

    A held reply may be answered: answering approves it, as WordPress's
    "Approve and Reply" does.
    """
    if reply.status in UNANSWERABLE:
        return _("Replies marked as spam or in the trash cannot be answered.")
    if reply.article.status != Article.Status.PUBLISHED:
        return _("The article is not published.")
    depth = thread_depth(reply) if reply.status == Status.APPROVED else 1
    if depth >= settings.NEWSROOM_REPLY_DEPTH:
        return _("This conversation cannot be nested any deeper; please reply further up.")
    return None


def answer_as_staff(reply: Reply, body: str, by) -> Reply:
    """Publish ``by``'s answer under ``reply``, approving ``reply`` first if it was held."""
    with transaction.atomic():
        if reply.status != Status.APPROVED:
            approve(reply, by)
        answer = Reply(
            article=reply.article,
            parent=reply,
            name=by.get_full_name() or by.get_username(),
            email=by.email,
            body=body,
            user=by,
        )
        store(answer, Decision(Status.APPROVED), timezone.now())
    return answer


# --- telling moderators ----------------------------------------------------------


def moderators():
    users = get_user_model()._default_manager.with_perm(
        MODERATE_PERMISSION, backend="django.contrib.auth.backends.ModelBackend"
    )
    return users.filter(is_active=True).exclude(email="")


def notify_moderators(reply: Reply, *, review_url: str) -> None:
    """Email the moderators, each in their language, that a reply waits for them, once it is committed."""
    if not settings.NEWSROOM_REPLY_NOTIFY_MODERATORS or reply.status != Status.PENDING:
        return

    def build(_group) -> tuple[str, list[str]]:
        subject = _("[%(site)s] Reply awaiting moderation: %(title)s") % {
            "site": settings.NEWSROOM_SITE_NAME,
            "title": reply.article.title,
        }
        lines = [
            _("A new reply is waiting for a moderator."),
            "",
            _("Article: %(title)s") % {"title": reply.article.title},
            _("Author: %(name)s <%(email)s>") % {"name": reply.name, "email": reply.email},
            _("IP address: %(ip)s") % {"ip": reply.ip_address or "-"},
            _("Held because: %(reason)s") % {"reason": reply.get_hold_reason_display()},
            "",
            reply.body,
            "",
            _("Review it: %(url)s") % {"url": review_url},
        ]
        return subject, lines

    def send() -> None:
        try:
            # Inside the try: the reply is already stored, so a database or mail server that
            # fails now must not turn the reader's success into an error.
            mail.send_to(moderators(), build)
        except DatabaseError:
            logger.exception("Could not email moderators about reply %s", reply.pk)

    transaction.on_commit(send)
