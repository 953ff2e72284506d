"""The front page: a lead, up to three featured stories, the latest, then sections; no story twice."""

import datetime
import io
import re
from collections import Counter
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.PAGECACHE_ENABLED = False
    settings.PAGECACHE_FRAGMENTS = False


CARD_TITLE = re.compile(r'class="card__title[^"]*"[^>]*><a href="([^"]+)"')


def stories_on_home(client) -> list[str]:
    response = client.get("/")
    assert response.status_code == 200
    return CARD_TITLE.findall(response.content.decode())


def repeated(urls: list[str]) -> dict[str, int]:
    return {url: count for url, count in Counter(urls).items() if count > 1}


def part(html: str, css_class: str) -> list[str]:
    found = re.search(rf'<section class="{css_class}"(.*?)</section>', html, re.S)
    return CARD_TITLE.findall(found.group(1)) if found else []


@pytest.mark.django_db
def test_no_story_appears_twice_on_the_demo_front_page(client):
    call_command("seed_demo", stdout=io.StringIO())
    urls = stories_on_home(client)
    assert repeated(urls) == {}
    html = client.get("/").content.decode()
    # The lead, the two featured stories of the demo and a full latest box.
    assert (
        len(part(html, "lead")) == 1 and len(part(html, "featured")) == 2 and len(part(html, "latest")) == 9
    )
    published = {unquote(article.get_absolute_url()) for article in Article.objects.published()}
    assert {unquote(url) for url in urls} <= published


@pytest.mark.django_db
def test_no_story_appears_twice_with_200_articles_in_many_sections(client):
    sections = [CategoryFactory(show_on_home=True, position=n) for n in range(5)]
    now = timezone.now()
    for n in range(200):
        # Most stories are filed in several home sections, as the reference site does.
        filed = [sections[n % 5], sections[(n + 1) % 5], sections[(n + 3) % 5]]
        ArticleFactory(
            primary_category=filed[0],
            categories=filed,
            publish_at=now - datetime.timedelta(minutes=n + 1),
            is_pinned=n in (7, 150),
            is_featured=n in (3, 40, 199),
        )
    html = client.get("/").content.decode()
    urls = CARD_TITLE.findall(html)
    assert repeated(urls) == {}
    # The lead, three featured, nine latest and four in each of the five sections: all filled.
    assert len(urls) == 1 + 3 + 9 + 4 * 5
    for section in sections:
        assert len(re.findall(rf'aria-labelledby="section-{section.pk}"', html)) == 1


@pytest.mark.django_db
def test_the_lead_is_the_newest_pinned_story_and_the_featured_follow_it(client):
    now = timezone.now()
    newest = ArticleFactory(title="Newest", publish_at=now - datetime.timedelta(minutes=1))
    pinned = ArticleFactory(title="Pinned", is_pinned=True, publish_at=now - datetime.timedelta(days=3))
    featured = [
        ArticleFactory(title=f"Featured {n}", is_featured=True, publish_at=now - datetime.timedelta(days=n))
        for n in range(1, 5)
    ]
    draft = ArticleFactory(title="Featured draft", is_featured=True, status=Article.Status.DRAFT)
    html = client.get("/").content.decode()
    assert part(html, "lead") == [pinned.get_absolute_url()]
    # Up to three, newest first; a fourth (older) and a draft are not shown as featured.
    assert part(html, "featured") == [a.get_absolute_url() for a in featured[:3]]
    latest = part(html, "latest")
    assert newest.get_absolute_url() in latest
    assert featured[3].get_absolute_url() in latest
    assert draft.get_absolute_url() not in html


@pytest.mark.django_db
def test_a_featured_story_that_is_also_the_lead_is_shown_once(client):
    lead = ArticleFactory(title="Both", is_pinned=True, is_featured=True)
    html = client.get("/").content.decode()
    assert part(html, "lead") == [lead.get_absolute_url()]
    assert part(html, "featured") == []
    assert repeated(CARD_TITLE.findall(html)) == {}


@pytest.mark.django_db
def test_without_featured_stories_there_is_no_featured_box(client):
    ArticleFactory()
    assert 'class="featured"' not in client.get("/").content.decode()


def post_change(client, article, **overrides):
    from django.urls import reverse

    from tests.articles.admin_forms import change_form_data

    url = reverse("admin:articles_article_change", args=[article.pk])
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, change_form_data(page, **overrides))


@pytest.mark.django_db
def test_an_editor_features_up_to_three_stories_and_a_fourth_is_refused(client, editor):
    client.force_login(editor)
    stories = [ArticleFactory(title=f"Story {n}") for n in range(4)]
    for story in stories[:3]:
        assert post_change(client, story, is_featured="on", _workflow="save").status_code == 302
    response = post_change(client, stories[3], is_featured="on", _workflow="save")
    assert response.status_code == 200
    assert "3 stories are featured already (Story " in response.content.decode()
    stories[3].refresh_from_db()
    assert not stories[3].is_featured
    # Taking one off makes room.
    assert post_change(client, stories[0], is_featured="", _workflow="save").status_code == 302
    assert post_change(client, stories[3], is_featured="on", _workflow="save").status_code == 302
    assert set(Article.objects.filter(is_featured=True)) == set(stories[1:])


@pytest.mark.django_db
def test_a_journalist_cannot_feature_a_story(client, journalist):
    from tests.factories import AuthorFactory

    client.force_login(journalist)
    own = ArticleFactory(
        status=Article.Status.DRAFT, publish_at=None, authors=[AuthorFactory(user=journalist)]
    )
    assert post_change(client, own, is_featured="on", _workflow="draft").status_code == 302
    own.refresh_from_db()
    assert not own.is_featured
