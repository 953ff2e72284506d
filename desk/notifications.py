"""Emails of the editorial workflow: editors hear of submissions, authors of decisions.

Sent once the save is committed, never to the person who acted, and a mail
server that fails never undoes the save (it is logged).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from articles.workflow import PUBLISH_PERMISSION, Action

logger = logging.getLogger(__name__)


def editor_emails(exclude=None) -> list[str]:
    users = get_user_model()._default_manager.with_perm(
        PUBLISH_PERMISSION, backend="django.contrib.auth.backends.ModelBackend"
    )
    users = users.filter(is_active=True).exclude(email="")
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return sorted(set(users.values_list("email", flat=True)))


def author_emails(article: Article, exclude=None) -> list[str]:
    """The users behind the article's bylines, and whoever created it."""
    User = get_user_model()
    users = User._default_manager.filter(is_active=True).exclude(email="")
    ids = set(article.bylines.filter(author__user__isnull=False).values_list("author__user", flat=True))
    if article.created_by_id:
        ids.add(article.created_by_id)
    if exclude is not None:
        ids.discard(exclude.pk)
    return sorted(set(users.filter(pk__in=ids).values_list("email", flat=True)))


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _message(action: str, article: Article, by, note: str, absolute: Callable[[str], str]):
    """(recipients, subject, lines) for ``action``, or None when nobody is told."""
    site = settings.NEWSROOM_SITE_NAME
    edit_url = absolute(reverse("admin:articles_article_change", args=[article.pk]))
    values = {"site": site, "title": article.title, "who": _name(by)}
    if action == Action.REVIEW:
        subject = _("[%(site)s] Submitted for review: %(title)s") % values
        lines = [_("%(who)s submitted “%(title)s” for review.") % values, "", _("Review it: %s") % edit_url]
        return editor_emails(exclude=by), subject, lines
    if action in (Action.PUBLISH, Action.SCHEDULE):
        if article.is_scheduled:
            values["time"] = timezone.localtime(article.publish_at).strftime("%Y-%m-%d %H:%M")
            subject = _("[%(site)s] Scheduled: %(title)s") % values
            lines = [_("%(who)s scheduled “%(title)s” to appear at %(time)s.") % values]
        else:
            subject = _("[%(site)s] Published: %(title)s") % values
            lines = [
                _("%(who)s published “%(title)s”.") % values,
                "",
                _("Read it: %s") % absolute(article.get_absolute_url()),
            ]
        return author_emails(article, exclude=by), subject, [*lines, "", _("Edit it: %s") % edit_url]
    if action in (Action.DRAFT, Action.UNPUBLISH):
        subject = _("[%(site)s] Returned to draft: %(title)s") % values
        lines = [_("%(who)s returned “%(title)s” to draft.") % values, ""]
        lines += [_("Their note:"), note, ""] if note else [_("They left no note."), ""]
        lines.append(_("Edit it: %s") % edit_url)
        return author_emails(article, exclude=by), subject, lines
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
    if message is None or not message[0]:
        return
    recipients, subject, lines = message

    def send() -> None:
        try:
            EmailMessage(subject, "\n".join(lines), bcc=recipients).send()
        except Exception:
            logger.exception("Could not send the %s email for article %s", action, article.pk)

    transaction.on_commit(send)
