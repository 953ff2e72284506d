"""The newsroom home at /admin/: what each person has to do next.

Which lists a person sees follows their permissions (never group names):
everyone who writes sees their drafts and pieces in review; whoever may
publish sees the review queue, the schedule, what went out and what carries
corrections; whoever moderates sees the pending replies. Every list costs the
same few queries however much there is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, Min, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.models import Article, Correction, bylines_prefetch
from comments.models import Reply

ROWS = 8


@dataclass
class Row:
    title: str
    url: str
    when: datetime.datetime | None
    status: str = ""
    status_label: str = ""
    detail: str = ""


@dataclass
class Section:
    key: str
    title: str
    count: int
    rows: list[Row]
    more_url: str
    more_label: str
    empty: str
    # The age of the oldest item waiting, where waiting is the point.
    oldest: datetime.datetime | None = None
    timeline: bool = False
    extra: dict = field(default_factory=dict)


def _changelist(**filters) -> str:
    url = reverse("admin:articles_article_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def _article_row(article: Article, when: datetime.datetime | None) -> Row:
    key = "scheduled" if article.is_scheduled else article.status
    label = _("Scheduled") if article.is_scheduled else article.get_status_display()
    return Row(
        title=article.title,
        url=reverse("admin:articles_article_change", args=[article.pk]),
        when=when,
        status=key,
        status_label=str(label),
        detail=", ".join(byline.author.name for byline in article.bylines.all()),
    )


def _articles(queryset, order: str, when: str) -> tuple[int, list[Row], datetime.datetime | None]:
    """Count, oldest ``when`` and the first rows of ``queryset``: two queries plus the bylines."""
    totals = queryset.order_by().aggregate(count=Count("pk", distinct=True), oldest=Min(when))
    articles = (
        queryset.order_by(order, "-pk")
        .select_related(None)
        .prefetch_related(bylines_prefetch())
        .defer("body", "search_vector")[:ROWS]
    )
    rows = [_article_row(article, getattr(article, when)) for article in articles]
    return totals["count"], rows, totals["oldest"]


def writer_sections(user) -> list[Section]:
    own = Article.objects.filter(pk__in=Article.objects.filter(workflow.owned_by(user)).values("pk"))
    # key, status, newest first by, title, the full list's state filter, its link, when empty.
    lists = [
        ("my-drafts", Article.Status.DRAFT, "updated_at", _("My drafts"), "draft", _("All my drafts"),
         _("No drafts. Start one with “Write an article”.")),
        ("my-review", Article.Status.REVIEW, "updated_at", _("My articles in review"), "review",
         _("All my articles in review"), _("Nothing of yours is waiting for an editor.")),
    ]  # fmt: skip
    if not workflow.can_publish(user):  # an editor's own lists cover the whole site's
        lists.append(
            ("my-published", Article.Status.PUBLISHED, "publish_at", _("My scheduled and published articles"),
             "published", _("All my published articles"), _("Nothing of yours is published yet."))
        )  # fmt: skip
    sections = []
    for key, status, when, title, state, more_label, empty in lists:
        count, rows, _oldest = _articles(own.filter(status=status), f"-{when}", when)
        more_url = _changelist(mine=1, state=state)
        sections.append(Section(key, title, count, rows, more_url, more_label, empty))
    return sections


def editor_sections(now: datetime.datetime) -> list[Section]:
    articles = Article.objects.all()
    review = _articles(articles.filter(status=Article.Status.REVIEW), "updated_at", "updated_at")
    scheduled = articles.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
    scheduled_count = scheduled.count()
    scheduled_rows = [
        _article_row(article, article.publish_at)
        for article in scheduled.order_by("publish_at", "pk")
        .prefetch_related(bylines_prefetch())
        .defer("body", "search_vector")[:ROWS]
    ]
    recent = _articles(articles.published(now), "-publish_at", "publish_at")
    corrected = (
        articles.filter(Exists(Correction.objects.filter(article=OuterRef("pk"))))
        .annotate(latest_correction=Max("corrections__date"), corrections_count=Count("corrections"))
        .order_by("-latest_correction", "-pk")
        .prefetch_related(bylines_prefetch())
        .defer("body", "search_vector")
    )
    corrected_count = articles.filter(Exists(Correction.objects.filter(article=OuterRef("pk")))).count()
    corrected_rows = []
    for article in corrected[:ROWS]:
        row = _article_row(article, None)
        row.detail = _("%(count)s correction(s), latest %(date)s") % {
            "count": article.corrections_count,
            "date": article.latest_correction.isoformat(),
        }
        corrected_rows.append(row)
    return [
        Section(
            key="awaiting-review",
            title=_("Awaiting review"),
            count=review[0],
            rows=review[1],
            oldest=review[2],
            more_url=_changelist(state="review"),
            more_label=_("The whole review queue"),
            empty=_("No article is waiting for review."),
        ),
        Section(
            key="scheduled",
            title=_("Scheduled"),
            count=scheduled_count,
            rows=scheduled_rows,
            timeline=True,
            more_url=_changelist(state="scheduled"),
            more_label=_("Everything scheduled"),
            empty=_("Nothing is scheduled."),
        ),
        Section(
            key="recently-published",
            title=_("Recently published"),
            count=recent[0],
            rows=recent[1],
            more_url=_changelist(state="published"),
            more_label=_("Everything published"),
            empty=_("Nothing is published yet."),
        ),
        Section(
            key="corrections",
            title=_("Articles with corrections"),
            count=corrected_count,
            rows=corrected_rows,
            more_url=_changelist(),
            more_label=_("All articles"),
            empty=_("No article carries a correction."),
        ),
    ]


def moderator_sections() -> list[Section]:
    pending = Reply.objects.filter(status=Reply.Status.PENDING)
    totals = pending.order_by().aggregate(count=Count("pk"), oldest=Min("created_at"))
    rows = [
        Row(
            title=reply.excerpt,
            url=reverse("admin:comments_reply_change", args=[reply.pk]),
            when=reply.created_at,
            detail=_("%(name)s on “%(title)s”") % {"name": reply.name, "title": reply.article.title},
        )
        for reply in pending.select_related("article")
        .only("pk", "body", "name", "created_at", "article__title")
        .order_by("created_at", "pk")[:ROWS]
    ]
    return [
        Section(
            key="pending-replies",
            title=_("Pending replies"),
            count=totals["count"],
            rows=rows,
            oldest=totals["oldest"],
            more_url=reverse("admin:comments_reply_changelist"),
            more_label=_("The moderation queue"),
            empty=_("No reply is waiting for moderation."),
        )
    ]


def sections_for(user, now: datetime.datetime | None = None) -> list[Section]:
    now = now or timezone.now()
    sections: list[Section] = []
    if user.has_perm("articles.add_article"):
        sections += writer_sections(user)
    if workflow.can_publish(user):
        sections += editor_sections(now)
    if user.has_perm("comments.change_reply"):
        sections += moderator_sections()
    return sections
