"""Emails of the editorial workflow: editors hear of submissions, authors of decisions.

Sent once the save is committed, never to the person who acted, each in its
recipient's language (newsroom.mail), and a mail server that fails never
undoes the save (it is logged).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import workflow
from articles.models import Article
from articles.workflow import PUBLISH_PERMISSION, Action
from newsroom import mail

logger = logging.getLogger(__name__)


def editors(exclude=None):
    users = get_user_model()._default_manager.with_perm(
        PUBLISH_PERMISSION, backend="django.contrib.auth.backends.ModelBackend"
    )
    users = users.filter(is_active=True).exclude(email="")
    return users.exclude(pk=exclude.pk) if exclude is not None else users


def authors(article: Article, exclude=None):
    """The users behind the article's bylines, and whoever created it."""
    ids = set(article.bylines.filter(author__user__isnull=False).values_list("author__user", flat=True))
    if article.created_by_id:
        ids.add(article.created_by_id)
    if exclude is not None:
        ids.discard(exclude.pk)
    return get_user_model()._default_manager.filter(pk__in=ids, is_active=True).exclude(email="")


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _message(action: str, article: Article, by, note: str, absolute: Callable[[str], str]):
    """(recipients, build) for ``action``, or None when nobody is told. ``build(may_edit)`` writes
    the subject and lines in the active language; only who may still edit the article is sent
    the link to its edit page (a journalist's published article is an editor's to change)."""
    edit_url = absolute(reverse("admin:articles_article_change", args=[article.pk]))
    public_url = absolute(article.get_absolute_url())

    def values() -> dict:
        return {"site": settings.NEWSROOM_SITE_NAME, "title": article.title, "who": _name(by)}

    def review(may_edit: bool):
        lines = [_("%(who)s submitted “%(title)s” for review.") % values(), "", _("Review it: %s") % edit_url]
        return _("[%(site)s] Submitted for review: %(title)s") % values(), lines

    def published(may_edit: bool):
        if article.is_scheduled:
            when = {**values(), "time": timezone.localtime(article.publish_at).strftime("%Y-%m-%d %H:%M")}
            subject = _("[%(site)s] Scheduled: %(title)s") % when
            lines = [_("%(who)s scheduled “%(title)s” to appear at %(time)s.") % when]
        else:
            subject = _("[%(site)s] Published: %(title)s") % values()
            lines = [_("%(who)s published “%(title)s”.") % values(), "", _("Read it: %s") % public_url]
        return subject, [*lines, "", _("Edit it: %s") % edit_url] if may_edit else lines

    def returned(may_edit: bool):
        lines = [_("%(who)s returned “%(title)s” to draft.") % values(), ""]
        lines += [_("Their note:"), note, ""] if note else [_("They left no note."), ""]
        if may_edit:
            lines.append(_("Edit it: %s") % edit_url)
        return _("[%(site)s] Returned to draft: %(title)s") % values(), lines

    if action == Action.REVIEW:
        return editors(exclude=by), review
    if action in (Action.PUBLISH, Action.SCHEDULE):
        return authors(article, exclude=by), published
    if action in (Action.DRAFT, Action.UNPUBLISH):
        return authors(article, exclude=by), returned
    return None


def workflow_done(
    action: str,
    article: Article,
    by,
    *,
    absolute: Callable[[str], str],
    note: str = "",
    was_status: str | None = None,
) -> None:
    """Tell the right people what ``by`` just did to ``article``, once it is committed.

    Saving a draft as a draft tells nobody; ``was_status`` tells a return
    to draft (from review or published) from a plain save.
    """
    if action == Action.DRAFT and was_status in (None, Article.Status.DRAFT):
        return
    message = _message(action, article, by, note, absolute)
    if message is None:
        return
    recipients, build = message

    def send() -> None:
        try:
            mail.send_to(recipients, build, group=lambda user: workflow.can_edit(user, article))
        except Exception:
            logger.exception("Could not send the %s email for article %s", action, article.pk)

    transaction.on_commit(send)
