"""Old WordPress addresses answer 301 to the new ones, and never hide a live page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.encoding import iri_to_uri

from tests.factories import ArticleFactory

from .test_import import wp_article

ELECTION = "/2019/05/12/election-results-delayed/"


@pytest.fixture
def imported(run_import):
    run_import()


@pytest.mark.parametrize(
    "old, new",
    [
        ("/?p=101", ELECTION),
        ("/index.php?p=101", ELECTION),
        ("/2019/05/election-results-delayed/", ELECTION),  # /%year%/%monthnum%/%postname%/
        ("/election-results-delayed/", ELECTION),  # /%postname%/
        ("/election-results-delayed", ELECTION),  # without the slash
        ("/2019/05/Election-Results-Delayed/", ELECTION),  # WordPress ignored case
        (
            "/2019/05/%D9%86%D8%AA%D8%A7%DB%8C%D8%AC-%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA/",
            "/2019/05/14/نتایج-انتخابات/",
        ),  # fmt: skip
        (
            "/%D9%86%D8%AA%D8%A7%DB%8C%D8%AC-%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA/",
            "/2019/05/14/نتایج-انتخابات/",
        ),  # fmt: skip
        ("/2019/05/15/103/", "/2019/05/15/103/"),  # a live page: answered by the article itself
        ("/?cat=12", "/category/kabul/"),
        ("/category/region/afghanistan/kabul/", "/category/kabul/"),
        ("/category/region/afghanistan/", "/category/afghanistan/"),
        ("/?tag=elections", "/tag/elections/"),
        ("/?tag=%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA", "/tag/انتخابات/"),
    ],
)
def test_old_permalink_answers_301_to_the_new_url(client, imported, old, new):
    response = client.get(old)
    if old == new:
        assert response.status_code == 200
        return
    assert response.status_code == 301
    assert response["Location"] == iri_to_uri(new)
    assert client.get(new).status_code == 200


def test_the_old_date_and_name_url_is_the_new_one(client, imported):
    # Same time zone, same date: the most common WordPress permalink needs no redirect at all.
    response = client.get(ELECTION)
    assert response.status_code == 200
    assert wp_article(101).get_absolute_url() == ELECTION


def test_a_redirect_never_shadows_a_live_page(client, run_import):
    # An article of ours already lives at the WordPress post's old address.
    ours = ArticleFactory(
        title="Ours",
        slug="election-results-delayed",
        publish_at=datetime.datetime(2019, 5, 12, 6, tzinfo=datetime.UTC),
    )
    run_import()
    assert wp_article(101).get_absolute_url() == "/2019/05/12/election-results-delayed-2/"
    response = client.get(ELECTION)
    assert response.status_code == 200
    assert response.context["article"] == ours
    # Its other old forms still lead to the imported post.
    assert client.get("/?p=101")["Location"] == "/2019/05/12/election-results-delayed-2/"
    assert client.get("/election-results-delayed/")["Location"] == "/2019/05/12/election-results-delayed-2/"


@pytest.mark.parametrize("old", ["/?p=104", "/2099/01/the-new-cabinet/", "/?p=105", "/security-notes/"])
def test_old_links_to_drafts_and_scheduled_posts_do_not_reveal_them(client, imported, old):
    response = client.get(old)
    assert response.status_code in (200, 404)  # /?p= falls through to the front page
    assert "Location" not in response


def test_unknown_addresses_stay_404(client, imported):
    assert client.get("/no-such-thing/").status_code == 404
    assert client.get("/2019/05/12/no-such-thing/").status_code == 404


def test_a_404_costs_one_lookup_more_and_a_redirect_one_beyond(
    client, imported, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as plain_404:
        assert client.get("/2019/05/12/no-such-thing/").status_code == 404
    assert [q["sql"] for q in plain_404 if "wordpress_legacyurl" in q["sql"]] != []
    assert len([q for q in plain_404 if "wordpress_legacyurl" in q["sql"]]) == 1
    # The redirect is that same 404 plus one look-up of the target.
    with django_assert_max_num_queries(len(plain_404) + 1):
        assert client.get("/2019/05/election-results-delayed/").status_code == 301
    # Query-string links are answered before any view runs.
    with django_assert_max_num_queries(2):
        assert client.get("/?p=101").status_code == 301


@pytest.mark.parametrize("url", ["/?p=%00", "/?tag=a%00b", "/a%00b/", "/" + "x" * 600 + "/"])
def test_odd_addresses_never_fail(client, imported, url):
    assert client.get(url).status_code in (200, 404)


@pytest.mark.parametrize("url", ["/?p=%00", "/?tag=a%00b", "/a%00b/", "/?p=" + "1" * 600])
def test_addresses_no_old_link_can_have_are_not_looked_up(client, imported, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code in (200, 404)
    assert not [query for query in queries if "wordpress_legacyurl" in query["sql"]]


def test_an_old_image_address_answers_301_to_the_file_here(client, imported):
    """Other sites and image search link the files themselves, not their attachment pages."""
    response = client.get("/wp-content/uploads/2019/05/kabul.jpg")
    assert response.status_code == 301 and response["Location"].startswith("/media/")
    assert client.get("/wp-content/uploads/2019/05/KABUL.JPG")["Location"] == response["Location"]
    assert client.get("/wp-content/uploads/2019/05/no-such-photo.jpg").status_code == 404
