"""After each editorial event the next request shows the change, and pages the
event does not touch stay cached.

Each test runs twice: as an anonymous reader (cached pages) and as signed-in
staff, who never get a cached page but share its remembered parts (the
article, its related box, the menu: ``pagecache.fragment``)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from articles.models import Article, Byline
from tests import test_pagecache
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, CorrectionFactory, UserFactory


@pytest.fixture(autouse=True)
def _no_clock_skew(settings):
    settings.PAGECACHE_ENABLED = True


@pytest.fixture(params=["reader", "staff"])
def visitor(request, client, db) -> str:
    if request.param == "staff":
        client.force_login(UserFactory(is_staff=True))
    return request.param


def warm(client, url):
    """A reader's page is in the cache; staff have had its shared parts rendered."""
    if settings.SESSION_COOKIE_NAME not in client.cookies:
        return test_pagecache.warm(client, url)
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "bypass"
    return response


@pytest.fixture
def site(db, visitor):
    """Two home sections with an article each, a shared author and a tag."""
    politics = CategoryFactory(name="Politics", slug="politics", show_on_home=True)
    economy = CategoryFactory(name="Economy", slug="economy", show_on_home=True)
    author = AuthorFactory(name="Mariam Noori", slug="mariam-noori")
    story = ArticleFactory(
        title="Cabinet reshuffle", primary_category=politics, authors=[author], tags=["cabinet"]
    )
    other = ArticleFactory(title="Wheat prices", primary_category=economy)
    return {"politics": politics, "economy": economy, "author": author, "story": story, "other": other}


def pages(site):
    story = site["story"]
    day = timezone.localdate(story.publish_at)
    return [
        "/",
        story.get_absolute_url(),
        site["politics"].get_absolute_url(),
        site["author"].get_absolute_url(),
        "/tag/cabinet/",
        f"/{day.year}/",
        f"/{day.year}/{day.month:02d}/",
    ]


def shows(client, url, text) -> bool:
    response = client.get(url)
    return response.status_code == 200 and text in response.content.decode()


@pytest.mark.django_db
def test_publishing_a_draft_shows_it_everywhere_at_once(client, site):
    draft = ArticleFactory(
        title="Fresh from the desk",
        status=Article.Status.DRAFT,
        primary_category=site["politics"],
        authors=[site["author"]],
        tags=["cabinet"],
        publish_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    for url in pages(site):
        warm(client, url)
    draft.status = Article.Status.PUBLISHED
    draft.save()
    for url in pages(site):
        if url != site["story"].get_absolute_url():
            assert shows(client, url, "Fresh from the desk"), url
    # Related articles on the story share its tag.
    assert shows(client, site["story"].get_absolute_url(), "Fresh from the desk")


@pytest.mark.django_db
def test_editing_an_article_shows_the_new_text_on_every_page_that_shows_it(client, site):
    for url in pages(site):
        warm(client, url)
    story = site["story"]
    story.title = "Cabinet reshuffle, updated"
    story.save()
    for url in pages(site):
        assert shows(client, url, "Cabinet reshuffle, updated"), url


@pytest.mark.django_db
def test_unpublishing_takes_it_off_every_cached_page(client, site):
    urls = pages(site)
    for url in urls:
        warm(client, url)
    story = site["story"]
    story.status = Article.Status.DRAFT
    story.save()
    assert client.get(story.get_absolute_url()).status_code == 404
    for url in urls:
        if url != story.get_absolute_url():
            assert not shows(client, url, "Cabinet reshuffle"), url


@pytest.mark.django_db
def test_a_scheduled_article_appears_on_the_cached_home_page_at_its_time(client, site):
    now = timezone.now() + datetime.timedelta(seconds=1)  # after the site was built
    with time_machine.travel(now, tick=False):
        warm(client, "/")
        warm(client, site["politics"].get_absolute_url())
        # Scheduled after the pages were cached: their lifetime is cut to its time.
        ArticleFactory(
            title="Embargoed report",
            primary_category=site["politics"],
            publish_at=now + datetime.timedelta(minutes=10),
        )
        assert not shows(client, "/", "Embargoed report")
        assert client.get("/")["X-Page-Cache"] in {"hit", "bypass"}
    with time_machine.travel(now + datetime.timedelta(minutes=9, seconds=59), tick=False):
        assert not shows(client, "/", "Embargoed report")
    with time_machine.travel(now + datetime.timedelta(minutes=10, seconds=1), tick=False):
        assert shows(client, "/", "Embargoed report")
        assert shows(client, site["politics"].get_absolute_url(), "Embargoed report")


@pytest.mark.django_db
def test_rescheduling_earlier_is_honoured(client, site):
    now = timezone.now() + datetime.timedelta(seconds=1)
    with time_machine.travel(now, tick=False):
        late = ArticleFactory(title="Moved up", publish_at=now + datetime.timedelta(hours=5))
        warm(client, "/")
        late.publish_at = now + datetime.timedelta(minutes=1)
        late.save()
        assert not shows(client, "/", "Moved up")
    with time_machine.travel(now + datetime.timedelta(minutes=1, seconds=1), tick=False):
        assert shows(client, "/", "Moved up")


@pytest.mark.django_db
def test_renaming_a_category_changes_menu_cards_and_its_page(client, site):
    politics = site["politics"]
    urls = [
        "/",
        site["story"].get_absolute_url(),
        politics.get_absolute_url(),
        site["author"].get_absolute_url(),
    ]
    for url in urls:
        warm(client, url)
    politics.name = "Politics and Power"
    politics.save()
    for url in urls:
        assert shows(client, url, "Politics and Power"), url


@pytest.mark.django_db
def test_a_new_subcategory_appears_on_its_parents_page(client, site):
    politics = site["politics"]
    warm(client, politics.get_absolute_url())
    CategoryFactory(name="Elections", slug="elections", parent=politics)
    assert shows(client, politics.get_absolute_url(), "Elections")


@pytest.mark.django_db
def test_renaming_an_author_changes_bylines_and_the_author_page(client, site):
    urls = ["/", site["story"].get_absolute_url(), site["author"].get_absolute_url(), "/tag/cabinet/"]
    for url in urls:
        warm(client, url)
    author = site["author"]
    author.name = "Mariam Noori-Sadat"
    author.save()
    for url in urls:
        assert shows(client, url, "Mariam Noori-Sadat"), url


@pytest.mark.django_db
def test_byline_category_tag_and_correction_changes_reach_the_cached_pages(client, site):
    story = site["story"]
    newcomer = AuthorFactory(name="Second Reporter", slug="second-reporter")
    warm(client, story.get_absolute_url())
    warm(client, newcomer.get_absolute_url())
    warm(client, site["economy"].get_absolute_url())
    warm(client, "/tag/elections/") if client.get("/tag/elections/").status_code == 200 else None

    Byline.objects.create(article=story, author=newcomer, position=1)
    assert shows(client, story.get_absolute_url(), "Second Reporter")
    assert shows(client, newcomer.get_absolute_url(), "Cabinet reshuffle")

    story.categories.add(site["economy"])
    assert shows(client, site["economy"].get_absolute_url(), "Cabinet reshuffle")
    story.categories.remove(site["economy"])
    assert not shows(client, site["economy"].get_absolute_url(), "Cabinet reshuffle")

    story.tags.add("elections")
    assert shows(client, "/tag/elections/", "Cabinet reshuffle")
    assert shows(client, story.get_absolute_url(), "/tag/elections/")

    CorrectionFactory(article=story, note="The minister's name was misspelled.")
    assert shows(client, story.get_absolute_url(), "name was misspelled")


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", ["reader"], indirect=True)  # staff never get a cached page
def test_events_leave_untouched_pages_in_the_cache(client, site, visitor):
    economy_page = site["economy"].get_absolute_url()
    other_article = site["other"].get_absolute_url()
    for url in ["/", economy_page, other_article]:
        warm(client, url)

    # Editing a draft changes no public page.
    draft = ArticleFactory(
        title="Work in progress", status=Article.Status.DRAFT, primary_category=site["economy"]
    )
    draft.title = "Still in progress"
    draft.save()
    for url in ["/", economy_page, other_article]:
        assert client.get(url)["X-Page-Cache"] == "hit", url

    # Editing the politics story does not touch the economy listing or article.
    story = site["story"]
    story.body = "<p>A longer body.</p>"
    story.save()
    assert client.get(economy_page)["X-Page-Cache"] == "hit"
    assert client.get(other_article)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_replies_closing_by_age_shows_on_the_cached_article_page(client, settings, visitor):
    settings.NEWSROOM_REPLY_CLOSE_AFTER_DAYS = 30
    now = timezone.now() + datetime.timedelta(seconds=1)
    with time_machine.travel(now, tick=False):
        article = ArticleFactory(publish_at=now - datetime.timedelta(days=30) + datetime.timedelta(minutes=5))
        page = warm(client, article.get_absolute_url()).content.decode()
        assert "Comments are closed." not in page
    with time_machine.travel(now + datetime.timedelta(minutes=5, seconds=1), tick=False):
        assert shows(client, article.get_absolute_url(), "Comments are closed.")
