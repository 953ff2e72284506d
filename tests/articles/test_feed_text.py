"""Feeds carry plain-text fields as text, honest image sizes and absolute URLs (issue 18, finding 3)."""

import xml.etree.ElementTree as ET

import pytest

from articles.feeds import absolute_urls
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, library_image

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
HOSTILE = "<img src=x onerror=alert(2)>"
# What a feed reader must get after its one XML decoding: HTML that shows the text.
AS_TEXT = "&lt;img src=x onerror=alert(2)&gt;"


@pytest.fixture
def hostile_site(settings):
    settings.NEWSROOM_FEED_FULL_TEXT = False
    section = CategoryFactory(name="Region", slug="region", description=HOSTILE)
    author = AuthorFactory(name="Mariam", slug="mariam", bio=HOSTILE)
    return ArticleFactory(dek=HOSTILE, primary_category=section, categories=[section], authors=[author])


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)


@pytest.mark.parametrize("seo", [False, True])
def test_atom_summary_from_a_dek_or_seo_description_is_text(client, hostile_site, seo):
    if seo:
        hostile_site.dek, hostile_site.seo_description = "Plain dek", HOSTILE
        hostile_site.save()
    summary = xml(client, "/feed/atom/").find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == AS_TEXT


def test_rss_item_description_from_a_dek_is_text(client, hostile_site):
    assert xml(client, "/feed/").find("channel/item/description").text == AS_TEXT


@pytest.mark.parametrize("url", ["/category/region/feed/", "/author/mariam/feed/"])
def test_rss_channel_description_from_a_category_or_a_bio_is_text(client, hostile_site, url):
    assert xml(client, url).find("channel/description").text == AS_TEXT


@pytest.mark.parametrize("url", ["/category/region/feed/atom/", "/author/mariam/feed/atom/"])
def test_atom_subtitle_is_a_text_construct(client, hostile_site, url):
    subtitle = xml(client, url).find(f"{ATOM}subtitle")
    assert subtitle.get("type") in (None, "text")
    assert subtitle.text == HOSTILE


def test_media_content_declares_the_size_of_the_rendition_it_links(client):
    picture = library_image(size=(2000, 1200))
    ArticleFactory(featured_image=picture)
    media = xml(client, "/feed/").find(f"channel/item/{MEDIA}content")
    url = media.get("url")
    assert url == f"http://testserver{picture.src}" and url.endswith("/1200.jpg")
    assert (media.get("width"), media.get("height")) == ("1200", "720")


def test_urls_in_bodies_are_absolute(client, settings):
    settings.NEWSROOM_FEED_FULL_TEXT = True
    ArticleFactory(
        body='<p><a href="/about/">About</a> <img src="/media/body/a.jpg" alt="A map"> '
        '<a href="https://example.org/x?a=1&amp;b=2">out</a></p>'
    )
    description = xml(client, "/feed/").find("channel/item/description").text
    assert 'href="http://testserver/about/"' in description
    assert 'src="http://testserver/media/body/a.jpg"' in description
    assert 'href="https://example.org/x?a=1&amp;b=2"' in description
    content = xml(client, "/feed/atom/").find(f"{ATOM}entry/{ATOM}content").text
    assert (
        'src="http://testserver/media/body/a.jpg"' in content and 'href="http://testserver/about/"' in content
    )


def test_srcset_candidates_are_made_absolute(rf):
    html = (
        '<img src="/m/a.jpg" '
        'srcset="/m/a-480.jpg 480w, //cdn.example/b.jpg 800w, https://x.example/c.jpg 2x">'
    )
    assert absolute_urls(html, rf.get("/feed/")) == (
        '<img src="http://testserver/m/a.jpg" srcset="http://testserver/m/a-480.jpg 480w, '
        '//cdn.example/b.jpg 800w, https://x.example/c.jpg 2x">'
    )
