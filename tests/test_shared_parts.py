"""Shared page parts (``pagecache.fragment``): rendered once for every visitor, never stale.

Signed-in staff, readers with a pending reply and page-cache misses render an
article page around parts kept in the cache: the article with its related
box, the approved replies thread, the blank reply form and the menu. The
editorial events are covered for staff in tests/articles/test_invalidation.py;
here: what a part costs, what it keeps, and who never gets one.
"""

import datetime
import re

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.utils import timezone

from articles.models import Article
from articles.preview import preview_url
from comments import moderation
from comments.forms import read_start
from comments.models import Reply
from newsroom import pagecache
from tests.comments.test_posting import post
from tests.factories import ArticleFactory, ReplyFactory, UserFactory


@pytest.fixture(autouse=True)
def _parts_without_the_page_cache(settings):
    settings.PAGECACHE_ENABLED = False  # every request renders the page around its parts
    settings.PAGECACHE_FRAGMENTS = True


def count(client, url, django_assert_max_num_queries, most: int) -> str:
    with django_assert_max_num_queries(most) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.django_db
def test_the_article_page_renders_its_parts_once_for_everyone(client, django_assert_max_num_queries):
    article = ArticleFactory(title="Canal waters", tags=["water"])
    ReplyFactory.create_batch(3, article=article)
    ArticleFactory(tags=["water"], title="Related canal story")
    url = article.get_absolute_url()
    # The very first rendering also looks up the site's next scheduled publish time and its
    # name; the menus cost two (editors' links, else the categories), the policy pages one.
    first, cold = count(client, url, django_assert_max_num_queries, 12)
    # Tags seen for the first time are known from the second rendering on.
    count(client, url, django_assert_max_num_queries, 10)
    again, warm = count(client, url, django_assert_max_num_queries, 0)  # the part holds the row
    assert warm == 0 < cold
    started = re.compile(r'name="started" value="[^"]*"')
    assert started.sub("", again) == started.sub("", first)
    assert "Related canal story" in again and again.count('class="reply"') == 3


@pytest.mark.django_db
def test_with_the_article_part_kept_the_page_costs_no_query(client, django_assert_num_queries, monkeypatch):
    article = ArticleFactory(title="Canal waters", body="<p>The whole story, read once.</p>")
    ReplyFactory.create_batch(2, article=article)
    url = article.get_absolute_url()
    for _ in range(3):
        first = client.get(url).content.decode()
    with django_assert_num_queries(0):  # the part holds the row, the body, the counts, the picture
        kept = client.get(url).content.decode()
    assert kept == first and "The whole story, read once." in kept

    # The part is found kept, then is gone by the time the page asks for it (another process
    # bumped it): the page loads the rest of the row and renders it whole.
    found = pagecache.peek(
        RequestFactory().get(url), f"article:{article.publish_date:%Y-%-m-%-d}/{article.slug}"
    )
    assert found is not None
    monkeypatch.setattr(pagecache, "peek", lambda request, name: found)
    pagecache.bump(pagecache.tag(article))
    with django_assert_num_queries(99, exact=False) as queries:
        again = client.get(url).content.decode()
    assert "The whole story, read once." in again and "2 Replies" in again
    rows = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "articles_article"')]
    assert '"body"' in rows[0] and '"reply_count"' in rows[0]  # the whole row, once


@pytest.mark.django_db
def test_the_front_page_is_one_shared_part(client, django_assert_num_queries):
    ArticleFactory(title="The lead story")
    client.get("/"), client.get("/")
    with django_assert_num_queries(0):
        page = client.get("/").content.decode()
    assert "The lead story" in page
    ArticleFactory(title="Just published")
    assert "Just published" in client.get("/").content.decode()


@pytest.mark.django_db
def test_without_shared_parts_every_rendering_pays_in_full(client, settings, django_assert_max_num_queries):
    settings.PAGECACHE_FRAGMENTS = False
    article = ArticleFactory()
    ReplyFactory(article=article)
    url = article.get_absolute_url()
    counts = [count(client, url, django_assert_max_num_queries, 11)[1] for _ in range(4)]
    # Remembered lookups (pagecache.remember) are kept from the third rendering on.
    assert counts[2] == counts[3] > 1


@pytest.mark.django_db
def test_staff_see_a_reply_approved_edited_or_removed_at_once(client, moderator):
    article = ArticleFactory()
    ReplyFactory(article=article, body="Already here.")
    waiting = ReplyFactory(article=article, status=Reply.Status.PENDING, body="Held for a moderator.")
    client.force_login(UserFactory(is_staff=True))
    url = article.get_absolute_url()
    for _ in range(2):
        assert "Held for a moderator." not in client.get(url).content.decode()

    moderation.approve(waiting, moderator)
    assert "Held for a moderator." in client.get(url).content.decode()
    waiting.body = "Edited by the moderator."
    waiting.save()
    assert "Edited by the moderator." in client.get(url).content.decode()
    waiting.delete()
    page = client.get(url).content.decode()
    assert "Edited by the moderator." not in page and "Already here." in page


@pytest.mark.django_db
def test_a_readers_pending_reply_is_theirs_alone_and_the_shared_thread_never_holds_it(client):
    article = ArticleFactory()
    ReplyFactory(article=article, body="An approved view.")
    url = article.get_absolute_url()
    for _ in range(2):
        Client().get(url)  # the shared thread is kept
    assert post(client, article, body="My own, held.").status_code == 302
    assert Reply.objects.get(body="My own, held.").status == Reply.Status.PENDING
    page = client.get(url).content.decode()
    assert "My own, held." in page and "An approved view." in page
    assert "My own, held." not in Client().get(url).content.decode()


@pytest.mark.django_db
def test_the_shared_blank_form_gives_each_rendering_a_fresh_form_time():
    article = ArticleFactory()
    url = article.get_absolute_url()
    Client().get(url)
    Client().get(url)
    later = timezone.now() + datetime.timedelta(minutes=10)
    with time_machine.travel(later, tick=False):
        page = Client().get(url).content.decode()
    token = re.search(r'name="started" value="([^"]+)"', page).group(1)
    assert abs((read_start(token, article) - later).total_seconds()) < 2


@pytest.mark.django_db
def test_a_preview_never_uses_or_leaves_a_shared_part(client, editor):
    draft = ArticleFactory(title="First draft", status=Article.Status.DRAFT)
    client.force_login(editor)
    url = preview_url(draft)
    assert "First draft" in client.get(url).content.decode()
    # A change without any event (no signal): a remembered part would still show the old title.
    Article.objects.filter(pk=draft.pk).update(title="Second draft")
    assert "Second draft" in client.get(url).content.decode()


# --- pagecache.fragment itself ----------------------------------------------------------


class Part:
    """A part that records ``tags`` (known already: bumped once) and counts its renderings."""

    def __init__(self, rf, *tags, during=lambda: None, changes_at=None):
        pagecache.bump(*tags)
        self.request = rf.get("/")
        self.tags, self.during, self.changes_at, self.renderings = tags, during, changes_at, 0

    def compute(self):
        self.renderings += 1
        pagecache.record(self.request, *self.tags)
        pagecache.expire_at(self.request, self.changes_at)
        self.during()
        return f"rendering {self.renderings}"

    def get(self, name="part", **kwargs):
        return pagecache.fragment(self.request, name, self.compute, **kwargs)


@pytest.mark.django_db
def test_a_part_is_kept_until_one_of_its_tags_is_bumped(rf):
    part = Part(rf, "article:1", "menu")
    assert part.get() == "rendering 1"
    assert part.get() == "rendering 1"
    pagecache.bump("article:2")
    assert part.get() == "rendering 1"
    pagecache.bump("menu")
    assert part.get() == "rendering 2"
    assert part.get() == "rendering 2"


@pytest.mark.django_db
def test_a_part_whose_tags_were_never_seen_is_kept_from_its_first_rendering(rf):
    part = Part(rf)
    part.tags = ("tag:99",)
    assert [part.get() for _ in range(3)] == ["rendering 1"] * 3


@pytest.mark.django_db
def test_a_part_whose_tag_moves_while_it_renders_is_not_kept(rf):
    part = Part(rf, "article:1", during=lambda: pagecache.bump("article:1"))
    assert part.get() == "rendering 1"
    part.during = lambda: None
    assert part.get() == "rendering 2"
    assert part.get() == "rendering 2"


@pytest.mark.django_db
def test_a_part_ends_at_its_own_moment_or_the_expiry_it_is_given(rf, monkeypatch):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        part = Part(rf, "menu", changes_at=now + datetime.timedelta(minutes=5))
        assert part.get() == part.get() == "rendering 1"
        given = Part(rf, "tag:5")
        monkeypatch.setattr(pagecache, "_expiry_rules", [lambda: now + datetime.timedelta(minutes=1)])
        assert given.get(name="given") == given.get(name="given") == "rendering 1"
        monkeypatch.setattr(pagecache, "_expiry_rules", [])
    with time_machine.travel(now + datetime.timedelta(minutes=4), tick=False):
        assert part.get() == "rendering 1"
        assert given.get(name="given") == "rendering 2"
    with time_machine.travel(now + datetime.timedelta(minutes=6), tick=False):
        assert part.get() == "rendering 2"


@pytest.mark.django_db
def test_a_page_holding_a_kept_part_records_what_the_part_recorded(rf):
    now = timezone.now()
    moment = now + datetime.timedelta(minutes=5)
    part = Part(rf, "category:7", changes_at=moment)
    part.get()
    page = rf.get("/")
    page._pagecache_tags = {"article:1"}
    assert pagecache.fragment(page, "part", part.compute) == "rendering 1"  # kept, not rendered
    # The page cache stores the page with the part's tags and moment, so it is
    # invalidated like a page that rendered the part itself.
    assert page._pagecache_tags == {"article:1", "category:7"}
    assert page._pagecache_until == moment


@pytest.mark.django_db
def test_parts_are_kept_per_language_and_site_address(rf):
    english, persian = Part(rf, "menu"), Part(rf, "menu")
    english.request.LANGUAGE_CODE, persian.request.LANGUAGE_CODE = "en", "fa"
    english.get(), persian.get()
    assert (english.get(), persian.get()) == ("rendering 1", "rendering 1")
    other_site = Part(rf, "menu")
    other_site.request.META["HTTP_HOST"] = "127.0.0.1"
    assert other_site.get() == "rendering 1"


@pytest.mark.django_db
def test_turned_off_a_part_is_rendered_every_time(rf, settings):
    settings.PAGECACHE_FRAGMENTS = False
    part = Part(rf, "menu")
    assert [part.get() for _ in range(3)] == ["rendering 1", "rendering 2", "rendering 3"]


# --- {% shared %} in templates ------------------------------------------------------------


@pytest.mark.django_db
def test_a_shared_block_is_rendered_once_until_what_it_records_changes(rf, settings):
    from django.template import engines

    template = engines["django"].from_string(
        '{% load shared %}<p>{% shared "greeting" who %}{{ lazy.text }}{% endshared %}</p>'
    )
    calls = []

    def text():
        calls.append(1)
        pagecache.record(request, "greeting-source")
        return "Hello from the desk"

    for _ in range(3):
        request = rf.get("/")
        html = template.render({"request": request, "who": "all", "lazy": {"text": _Lazy(text)}})
        assert html == "<p>Hello from the desk</p>"
    assert len(calls) == 1  # rendered for the first request only
    pagecache.bump("greeting-source")
    request = rf.get("/")
    template.render({"request": request, "who": "all", "lazy": {"text": _Lazy(text)}})
    assert len(calls) == 2


class _Lazy:
    def __init__(self, compute):
        self.compute = compute

    def __str__(self):
        return self.compute()
