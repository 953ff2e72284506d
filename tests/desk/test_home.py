"""/admin/ is a home per role: the lists each person works from, at a fixed cost in queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Reply
from tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory, ReplyFactory

HOME = reverse("admin:index")
NOW = timezone.now()


def ago(**delta):
    return NOW - datetime.timedelta(**delta)


@pytest.fixture
def newsroom(journalist):
    """A little of everything: own and others' drafts, a review queue, a schedule, replies."""
    mine = AuthorFactory(name="Rahel Mousavi", user=journalist)
    other = AuthorFactory(name="Omar Safi")
    draft = {"status": Article.Status.DRAFT, "publish_at": None}
    review = {"status": Article.Status.REVIEW, "publish_at": None}
    made = {
        "my_draft": ArticleFactory(title="My draft on water", authors=[mine], **draft),
        "my_review": ArticleFactory(title="My piece in review", authors=[mine], **review),
        "other_draft": ArticleFactory(title="Someone else's draft", authors=[other], **draft),
        "other_review": ArticleFactory(title="Their piece in review", authors=[other], **review),
        "scheduled": ArticleFactory(title="Tomorrow's analysis", publish_at=NOW + datetime.timedelta(days=1)),
        "published": ArticleFactory(title="Out this morning", publish_at=ago(hours=3)),
        "corrected": ArticleFactory(title="A corrected report", publish_at=ago(days=3)),
    }
    CorrectionFactory(article=made["corrected"], note="A date was wrong.")
    Article.objects.filter(pk=made["other_review"].pk).update(updated_at=ago(hours=30))
    made["pending"] = ReplyFactory(
        article=made["published"], status=Reply.Status.PENDING, body="Is this figure right?", name="Reader A"
    )
    Reply.objects.filter(pk=made["pending"].pk).update(created_at=ago(hours=5))
    ReplyFactory(article=made["published"], status=Reply.Status.PENDING, body="Second held reply")
    ReplyFactory(article=made["published"], body="An approved reply")
    return made


def section(html: str, key: str) -> str | None:
    found = re.search(rf'<section class="desk-section desk-section--{key}".*?</section>', html, re.S)
    return found.group(0) if found else None


def count_of(block: str) -> int:
    return int(re.search(r'<span class="desk-count">(\d+)</span>', block).group(1))


def link(article) -> str:
    return f'href="{reverse("admin:articles_article_change", args=[article.pk])}"'


def home(client, user, django_assert_max_num_queries, queries):
    client.force_login(user)
    with django_assert_max_num_queries(queries):
        response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


# Session, user, permissions, the sidebar's recent actions, the app list, then the lists.
JOURNALIST_QUERIES = 14  # and their scheduled and published ones
EDITOR_QUERIES = 22
MODERATOR_QUERIES = 8


@pytest.mark.django_db
def test_a_journalist_sees_their_drafts_and_pieces_in_review(
    client, journalist, newsroom, django_assert_max_num_queries
):
    html = home(client, journalist, django_assert_max_num_queries, JOURNALIST_QUERIES)
    drafts, review = section(html, "my-drafts"), section(html, "my-review")
    assert link(newsroom["my_draft"]) in drafts and count_of(drafts) == 1
    assert link(newsroom["my_review"]) in review and count_of(review) == 1
    assert "Someone else" not in html and "Their piece" not in html
    for key in ("awaiting-review", "scheduled", "pending-replies", "corrections"):
        assert section(html, key) is None, key
    assert reverse("admin:articles_article_add") in html


@pytest.mark.django_db
def test_an_editor_sees_the_review_queue_with_its_age_the_schedule_and_what_went_out(
    client, editor, newsroom, django_assert_max_num_queries
):
    html = home(client, editor, django_assert_max_num_queries, EDITOR_QUERIES)
    queue = section(html, "awaiting-review")
    assert count_of(queue) == 2
    assert link(newsroom["other_review"]) in queue and link(newsroom["my_review"]) in queue
    # The oldest first, with how long it has waited.
    assert queue.index("Their piece in review") < queue.index("My piece in review")
    assert "Oldest waiting for 1\xa0day" in queue
    scheduled = section(html, "scheduled")
    assert link(newsroom["scheduled"]) in scheduled and count_of(scheduled) == 1
    published = section(html, "recently-published")
    assert link(newsroom["published"]) in published and "Tomorrow" not in published
    corrections = section(html, "corrections")
    assert link(newsroom["corrected"]) in corrections and count_of(corrections) == 1
    assert section(html, "pending-replies") is None
    assert reverse("admin:articles_article_changelist") + "?state=review" in queue


@pytest.mark.django_db
def test_a_moderator_sees_pending_replies_with_count_and_oldest_age(
    client, moderator, newsroom, django_assert_max_num_queries
):
    html = home(client, moderator, django_assert_max_num_queries, MODERATOR_QUERIES)
    pending = section(html, "pending-replies")
    assert count_of(pending) == 2
    assert "Oldest waiting for 5\xa0hours" in pending
    assert f'href="{reverse("admin:comments_reply_change", args=[newsroom["pending"].pk])}"' in pending
    assert "An approved reply" not in pending
    assert section(html, "my-drafts") is None and section(html, "awaiting-review") is None


@pytest.mark.django_db
def test_an_administrator_sees_every_list(client, admin_user, newsroom):
    client.force_login(admin_user)
    html = client.get(HOME).content.decode()
    for key in (
        "my-drafts",
        "awaiting-review",
        "scheduled",
        "recently-published",
        "corrections",
        "pending-replies",
    ):
        assert section(html, key) is not None, key


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["journalist", "editor", "moderator"])
def test_the_home_costs_the_same_queries_with_ten_times_the_content(
    client, request, role, django_assert_num_queries
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    client.get(HOME)  # the session and content types are warm

    def fill(n):
        author = AuthorFactory(user=user) if not hasattr(user, "author_profile") else user.author_profile
        for i in range(n):
            for status in (Article.Status.DRAFT, Article.Status.REVIEW):
                ArticleFactory(status=status, publish_at=None, authors=[author, AuthorFactory()])
            CorrectionFactory(article=ArticleFactory(publish_at=NOW + datetime.timedelta(days=i + 1)))
            ReplyFactory(status=Reply.Status.PENDING)

    fill(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    fill(10)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(HOME)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "direction"), [("fa", "پیش‌نویس‌های من", "rtl"), ("ps", "زما مسودې", "rtl")]
)
def test_the_home_speaks_dari_and_pashto(client, journalist, language, heading, direction):
    client.force_login(journalist)
    client.cookies["django_language"] = language
    html = client.get(HOME).content.decode()
    assert f'lang="{language}" dir="{direction}"' in html
    assert heading in html


@pytest.mark.django_db
def test_a_journalist_sees_their_scheduled_and_published_articles(client, journalist, newsroom):
    mine = journalist.author_profile
    out = ArticleFactory(title="My story out today", authors=[mine], publish_at=ago(hours=2))
    soon = ArticleFactory(
        title="My story tomorrow", authors=[mine], publish_at=NOW + datetime.timedelta(days=1)
    )
    client.force_login(journalist)
    html = client.get(HOME).content.decode()
    block = section(html, "my-published")
    assert link(out) in block and link(soon) in block and count_of(block) == 2
    assert "Out this morning" not in block  # someone else's
    assert block.index("My story tomorrow") < block.index("My story out today")
