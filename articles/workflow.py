"""Who may do what with an article, and what each editorial action does.

SPEC §1: a journalist writes and edits their own articles until they are
published and may submit them for review; an editor may do everything on every
article, including publish, schedule and unpublish. As WordPress's
Contributor, a journalist sees their own articles and what is on the site,
never a colleague's draft, piece in review or scheduled piece (``visible_to``:
the admin's list, change view, history, restore, and previews). The admin
asks these functions; it never checks group names.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Article, Byline

PUBLISH_PERMISSION = "articles.publish_article"


class Action:
    """The submit buttons of the article form; each one is a transition."""

    SAVE = "save"
    DRAFT = "draft"
    REVIEW = "review"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    UNPUBLISH = "unpublish"

    PUBLISHING = frozenset({PUBLISH, SCHEDULE, UNPUBLISH})


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def owned_by(user) -> Q:
    """Articles that are the user's own: created by them or under their byline."""
    return Q(created_by=user) | Q(bylines__author__user=user)


def visible_to(user) -> Q:
    """The articles ``user`` may open in the newsroom: all of them for an editor.

    Others see their own and the published ones that readers see too. A
    subquery for the bylines, so the list has no duplicate rows.
    """
    if can_publish(user):
        return Q()
    mine = Byline.objects.filter(author__user=user).values("article_id")
    readable = Q(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())
    return readable | Q(created_by=user) | Q(pk__in=mine)


def is_own(user, article: Article) -> bool:
    if article.created_by_id == user.pk:
        return True
    return article.bylines.filter(author__user=user).exists()


def can_edit(user, article: Article | None) -> bool:
    """Change rights on one article (or on articles in general when ``None``)."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None or can_publish(user):
        return True
    return article.status != Article.Status.PUBLISHED and is_own(user, article)


def available_actions(user, article: Article | None) -> list[str]:
    """The transitions this user may apply to the article, in button order."""
    status = article.status if article is not None and article.pk else None
    if status is not None and not can_edit(user, article):
        return []
    if status is None or status == Article.Status.DRAFT:
        actions = [Action.DRAFT, Action.REVIEW]
    elif status == Article.Status.REVIEW:
        actions = [Action.SAVE, Action.DRAFT]
    else:
        actions = [Action.SAVE]
    if can_publish(user):
        if status == Article.Status.PUBLISHED:
            actions += [Action.PUBLISH, Action.UNPUBLISH] if article.is_scheduled else [Action.UNPUBLISH]
        else:
            actions += [Action.PUBLISH, Action.SCHEDULE]
    return actions


def action_label(action: str, article: Article | None) -> str:
    status = article.status if article is not None and article.pk else None
    labels = {
        Action.SAVE: _("Update") if status == Article.Status.PUBLISHED else _("Save, keep in review"),
        Action.DRAFT: _("Save draft") if status in (None, Article.Status.DRAFT) else _("Return to draft"),
        Action.REVIEW: _("Submit for review"),
        Action.PUBLISH: _("Publish now") if article is not None and article.is_scheduled else _("Publish"),
        Action.SCHEDULE: _("Schedule"),
        Action.UNPUBLISH: _("Unpublish"),
    }
    return labels[action]


def apply_action(
    action: str, article: Article, publish_at: datetime.datetime | None, now: datetime.datetime | None = None
) -> tuple[str, datetime.datetime | None]:
    """Return the (status, publish time) that ``action`` leads to.

    Raises ValidationError when the transition needs data the form lacks
    (scheduling without a future time).
    """
    now = now or timezone.now()
    if action == Action.SAVE:
        return article.status, publish_at
    if action in (Action.DRAFT, Action.UNPUBLISH):
        return Article.Status.DRAFT, publish_at
    if action == Action.REVIEW:
        return Article.Status.REVIEW, publish_at
    if action == Action.PUBLISH:
        # "Publish" means now: a time still in the future would only schedule it.
        return Article.Status.PUBLISHED, publish_at if publish_at and publish_at <= now else now
    if action == Action.SCHEDULE:
        if publish_at is None or publish_at <= now:
            raise ValidationError(
                {"publish_at": _("To schedule the article, set a publish time in the future.")},
                code="schedule_needs_future",
            )
        return Article.Status.PUBLISHED, publish_at
    raise ValidationError(_("Unknown action."), code="unknown_action")


def done_message(action: str, article: Article) -> str:
    messages = {
        Action.SAVE: _("Your changes to “%(title)s” were saved."),
        Action.DRAFT: _("“%(title)s” was saved as a draft."),
        Action.REVIEW: _("“%(title)s” was submitted for review. An editor will look at it."),
        Action.PUBLISH: _("“%(title)s” is published."),
        Action.SCHEDULE: _("“%(title)s” is scheduled for %(time)s."),
        Action.UNPUBLISH: _("“%(title)s” was taken off the site and is a draft again."),
    }
    time = timezone.localtime(article.publish_at).strftime("%Y-%m-%d %H:%M") if article.publish_at else ""
    return messages[action] % {"title": article.title, "time": time}
