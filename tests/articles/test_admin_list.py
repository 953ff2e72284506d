"""The article list in the admin: columns, filters, search, bulk actions, links."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.preview import preview_url
from comments.models import Reply
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def newsroom(db):
    region = CategoryFactory(name="Region")
    live = ArticleFactory(
        title="Live piece",
        primary_category=region,
        authors=[AuthorFactory(name="Mariam Sadat"), AuthorFactory(name="Omid Rahimi")],
        tags=["cabinet"],
    )
    for status in ["approved"] * 3 + ["pending"] * 2 + ["spam"]:
        Reply.objects.create(article=live, name="Reader", email="r@example.org", body="Hi", status=status)
    scheduled = ArticleFactory(
        title="Tomorrow's piece", publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    draft = ArticleFactory(title="Unfinished piece", status=Article.Status.DRAFT, publish_at=None)
    review = ArticleFactory(title="Piece to check", status=Article.Status.REVIEW, publish_at=None)
    return {"live": live, "scheduled": scheduled, "draft": draft, "review": review}


def test_list_shows_status_authors_category_publish_time_and_replies(client, editor, newsroom):
    ArticleFactory.create_batch(5)
    client.force_login(editor)
    response = client.get(CHANGELIST)
    html = response.content.decode()
    for label in ("Published", "Scheduled", "Draft", "In review"):
        assert f">{label}</span>" in html
    assert "Mariam Sadat, Omid Rahimi" in html
    assert ">Region<" in html
    row = next(r for r in response.context["cl"].result_list if r.pk == newsroom["live"].pk)
    assert (row.approved_replies, row.pending_replies) == (3, 2)
    assert "(2 pending)" in html


def test_list_queries_do_not_grow_with_rows(client, editor, django_assert_max_num_queries):
    ArticleFactory.create_batch(30)
    client.force_login(editor)
    with django_assert_max_num_queries(16):
        assert client.get(CHANGELIST).status_code == 200


@pytest.mark.parametrize(
    ("state", "expected"),
    [("draft", "draft"), ("review", "review"), ("scheduled", "scheduled"), ("published", "live")],
)
def test_status_filter(client, editor, newsroom, state, expected):
    client.force_login(editor)
    shown = list(client.get(CHANGELIST, {"state": state}).context["cl"].result_list)
    assert shown == [newsroom[expected]]


def test_mine_filter_and_search(client, journalist, newsroom):
    mine = ArticleFactory(title="Journalist's own", authors=[AuthorFactory(user=journalist)])
    client.force_login(journalist)
    assert list(client.get(CHANGELIST, {"mine": "1"}).context["cl"].result_list) == [mine]
    found = client.get(CHANGELIST, {"q": "Omid Rahimi"}).context["cl"].result_list
    assert list(found) == [newsroom["live"]]
    found = client.get(CHANGELIST, {"q": "cabinet"}).context["cl"].result_list
    assert list(found) == [newsroom["live"]]


def test_date_drill_down(client, editor, newsroom):
    client.force_login(editor)
    day = timezone.localtime(newsroom["live"].publish_at)
    response = client.get(
        CHANGELIST, {"publish_at__year": day.year, "publish_at__month": day.month, "publish_at__day": day.day}
    )
    assert newsroom["live"] in response.context["cl"].result_list


def test_bulk_publish_and_unpublish_for_editors(client, editor, newsroom):
    client.force_login(editor)
    selected = [newsroom["draft"].pk, newsroom["review"].pk]
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": selected, "index": 0})
    assert Article.objects.published().filter(pk__in=selected).count() == 2
    client.post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": selected, "index": 0})
    assert Article.objects.filter(pk__in=selected, status=Article.Status.DRAFT).count() == 2


def test_view_on_site_only_for_published_and_preview_for_the_rest(client, editor, newsroom):
    client.force_login(editor)
    live = client.get(reverse("admin:articles_article_change", args=[newsroom["live"].pk]))
    assert "View on site" in live.content.decode() and "preview_url" not in live.context
    for key in ("draft", "scheduled"):
        page = client.get(reverse("admin:articles_article_change", args=[newsroom[key].pk]))
        html = page.content.decode()
        assert "View on site" not in html
        assert page.context["preview_url"] in html


def test_preview_link_is_staff_only_signed_and_expiring(client, editor, newsroom, settings):
    url = preview_url(newsroom["scheduled"])
    assert client.get(url).status_code == 404  # a reader
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tomorrow&#x27;s piece" in html
    assert "Preview: readers cannot see this article yet" in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(url[:-3] + "xx/").status_code == 404  # tampered
    settings.NEWSROOM_PREVIEW_MAX_AGE = -1
    assert client.get(url).status_code == 404  # expired


def test_tag_autocomplete_answers_for_the_tags_field(client, journalist, newsroom):
    client.force_login(journalist)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "cab", "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["cabinet"]
