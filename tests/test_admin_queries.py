"""The newsroom's daily lists cost a fixed number of queries, however many rows they show.

Each list is opened by the role that works with it, with 2 rows and then
with 20; the count of queries must not move. (bench/admin_bench.py times
the same screens on a large archive.)
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments import moderation
from comments.models import Reply
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    PageFactory,
    ReplyFactory,
    library_image,
)

pytestmark = pytest.mark.django_db


def queries_of(client, url) -> tuple[int, str]:
    client.get(url)  # the process's own first-time lookups
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def add_articles(count: int, journalist=None):
    author = (
        (getattr(journalist, "author_profile", None) or AuthorFactory(user=journalist))
        if journalist
        else None
    )
    for n in range(count):
        ArticleFactory(
            title=f"Border crossing report {n}",
            primary_category=CategoryFactory(),
            authors=[author or AuthorFactory(), AuthorFactory()],
            tags=["border", f"crossing-{n}"],
        )


def add_replies(count: int, moderator):
    article = ArticleFactory(title="The article replied to")
    decided = [ReplyFactory(article=article, status=Reply.Status.PENDING) for _ in range(count)]
    # As many decisions in the moderation log as replies waiting in the queue, under other articles.
    moderation.moderate(decided, Reply.Status.APPROVED, moderator)
    for _ in range(count):
        ReplyFactory(article=ArticleFactory(title="The article replied to"), status=Reply.Status.PENDING)


def add_images(count: int):
    for n in range(count):
        library_image(name=f"photo-{n}.jpg", size=(40, 30), alt_text=f"Picture {n}")


def add_pages(count: int):
    for _ in range(count):
        PageFactory()


LISTS = {
    # name: (role, address, how rows are added, text every row shows)
    "articles": ("editor", reverse("admin:articles_article_changelist"), add_articles, "Border crossing"),
    "article search": (
        "editor",
        reverse("admin:articles_article_changelist") + "?q=border",
        add_articles,
        "Border crossing",
    ),
    "own articles": (
        "journalist",
        reverse("admin:articles_article_changelist") + "?mine=1",
        add_articles,
        "Border crossing",
    ),
    "reply queue": ("moderator", reverse("admin:comments_reply_changelist"), add_replies, "considered reply"),
    "moderation log": (
        "moderator",
        reverse("admin:comments_moderationlog_changelist"),
        add_replies,
        "considered reply",
    ),
    "media library": ("editor", reverse("admin:library_image_changelist"), add_images, "library-thumb"),
    "pages": ("editor", reverse("admin:pages_page_changelist"), add_pages, "Page "),
}


@pytest.mark.parametrize("name", list(LISTS))
def test_a_daily_admin_list_costs_the_same_queries_for_2_and_20_rows(client, request, name):
    role, url, add, shown = LISTS[name]
    user = request.getfixturevalue(role)
    client.force_login(user)
    extra = (
        {"journalist": user} if name == "own articles" else {"moderator": user} if add is add_replies else {}
    )

    add(2, **extra)
    few, html = queries_of(client, url)
    assert html.count(shown) >= 2
    add(18, **extra)
    many, html = queries_of(client, url)
    assert html.count(shown) >= 20
    assert many == few, f"{name}: {few} queries with 2 rows, {many} with 20"


def test_the_article_search_never_selects_distinct_rows_nor_reads_bodies(client, editor):
    add_articles(3)
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist") + "?q=border"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(response.context["cl"].result_list) == 3
    listed = [q["sql"] for q in queries.captured_queries if 'FROM "articles_article"' in q["sql"]]
    assert listed
    for sql in listed:
        assert "DISTINCT" not in sql.upper(), sql
        assert '"articles_article"."body",' not in sql, sql


def test_the_reply_queue_never_loads_article_bodies(client, moderator):
    add_replies(4, moderator)
    client.force_login(moderator)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("admin:comments_reply_changelist")).content.decode()
    assert "The article replied to" in html
    assert not [q for q in queries.captured_queries if '"articles_article"."body"' in q["sql"]]


def test_an_article_search_is_counted_only_a_few_pages_past_the_page_shown(client, editor, monkeypatch):
    from django.contrib import admin

    from articles import paging
    from articles.models import Article

    monkeypatch.setattr(admin.site._registry[Article], "list_per_page", 2)
    monkeypatch.setattr(paging, "LOOKAHEAD_PAGES", 1)
    add_articles(5)
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    html = client.get(url, {"q": "border"}).content.decode()
    assert "more than 4 results" in html and "more than 4 articles" in html
    last = client.get(url, {"q": "border", "p": 3}).content.decode()
    assert "5 results" in last and "more than" not in last
    assert "5 articles" in client.get(url).content.decode()  # the plain list counts them all
