"""A new release never serves what an earlier one kept: pages and parts are kept per release
(``PAGECACHE_RELEASE``, by default a hash of the code), and the first page a release keeps at
the edge purges the earlier releases' pages there."""

import io
import uuid

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from newsroom import pagecache, release
from tests.factories import ArticleFactory
from tests.test_edge import FakeEdgeAPI


@pytest.fixture
def page_cache(settings):
    settings.PAGECACHE_ENABLED = True
    settings.PAGECACHE_RELEASE = "release-1"


@pytest.mark.django_db
@pytest.mark.parametrize("whole_pages", [True, False], ids=["page", "shared parts"])
def test_a_new_release_renders_what_the_last_one_kept(client, settings, page_cache, whole_pages):
    settings.PAGECACHE_ENABLED = whole_pages
    article = ArticleFactory(title="Markup of the old release")
    url = article.get_absolute_url()
    client.get(url)
    # A change no signal reports: what a new release's templates would render differently.
    Article.objects.filter(pk=article.pk).update(title="Markup of the new release")
    assert "Markup of the old release" in client.get(url).content.decode()

    settings.PAGECACHE_RELEASE = "release-2"
    response = client.get(url)
    assert "Markup of the new release" in response.content.decode()
    assert response["X-Page-Cache"] == ("miss" if whole_pages else "bypass")


@pytest.mark.django_db
def test_remembered_values_are_kept_per_release(settings, page_cache):
    assert pagecache.remember("shape", [], lambda: {"old": 1}) == {"old": 1}
    assert pagecache.remember("shape", [], lambda: {"new": 1}) == {"old": 1}
    settings.PAGECACHE_RELEASE = "release-2"
    assert pagecache.remember("shape", [], lambda: {"new": 1}) == {"new": 1}


def test_the_default_release_is_a_hash_of_what_pages_are_made_from(tmp_path):
    template, collected = tmp_path / "app" / "templates" / "page.html", tmp_path / "collected"
    for folder in (template.parent, collected, tmp_path / "tests", tmp_path / "app" / "__pycache__"):
        folder.mkdir(parents=True)
    template.write_text("<p>{{ title }}</p>")
    first = release.fingerprint(tmp_path, skip=[collected])

    # Neither tests, bytecode, collected static files nor the database make a new release.
    (tmp_path / "tests" / "test_page.py").write_text("def test(): pass")
    (tmp_path / "app" / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"\x00")
    (collected / "site.0123abcd.css").write_text("body {}")
    (tmp_path / "db.sqlite3").write_bytes(b"SQLite")
    template.touch()  # nor a new modification time: every server of a release agrees
    assert release.fingerprint(tmp_path, skip=[collected]) == first

    template.write_text("<p class='title'>{{ title }}</p>")
    assert release.fingerprint(tmp_path, skip=[collected]) != first


@pytest.fixture
def fake_api(settings):
    api = FakeEdgeAPI()
    settings.PAGECACHE_EDGE = "fastly"
    settings.PAGECACHE_EDGE_URL, settings.PAGECACHE_EDGE_SERVICE = api.url, "service-1"
    yield api
    api.close()


@pytest.mark.django_db
def test_the_first_page_a_release_keeps_at_the_edge_purges_the_earlier_ones(
    client, settings, page_cache, fake_api
):
    settings.PAGECACHE_RELEASE = f"release-{uuid.uuid4()}"  # new to this process and this cache
    article = ArticleFactory()
    purges_before = len(fake_api.requests)

    response = client.get("/")
    assert pagecache.EVERYTHING in response["Surrogate-Key"].split()
    purged = [request["json"]["surrogate_keys"] for request in fake_api.requests[purges_before:]]
    assert purged == [[pagecache.EVERYTHING]]

    client.get(article.get_absolute_url())
    pagecache._releases_seen.clear()  # another process of the same release: the cache knows it
    client.get(article.get_absolute_url() + "?page=2")
    assert len(fake_api.requests) == purges_before + 1


def test_purge_edge_purges_every_page_or_the_tags_named(settings, fake_api):
    call_command("purge_edge", stdout=io.StringIO())
    call_command("purge_edge", "article:12", "published", stdout=io.StringIO())
    purged = [request["json"]["surrogate_keys"] for request in fake_api.requests]
    assert purged == [[pagecache.EVERYTHING], ["article:12", "published"]]

    settings.PAGECACHE_EDGE = ""
    with pytest.raises(CommandError, match="No edge cache is configured"):
        call_command("purge_edge")
