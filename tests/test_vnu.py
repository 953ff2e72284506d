"""Every public page type, in English and Dari, passes the Nu Html Checker with no error."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from comments.forms import sign_start
from newsroom import resilience
from tests import vnu
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CorrectionFactory,
    PageFactory,
    ReplyFactory,
    library_image,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.NEWSROOM_PAGE_SIZE = 1  # listings with page numbers
    region = CategoryFactory(name="Region", slug="region", show_on_home=True, description="Our region.")
    country = CategoryFactory(name="Afghanistan", slug="afghanistan", parent=region, show_on_home=True)
    author = AuthorFactory(name="Mariam Sadat", slug="mariam", bio="Reports on water & trade.")
    published = timezone.now() - datetime.timedelta(days=3)
    article = ArticleFactory(
        title="Wheat prices climb as the border stays shut",
        dek="Traders blame the border.",
        body='<p>Text with a <a href="https://example.org/">link</a>.</p><blockquote><p>Quoted.</p></blockquote>',
        publish_at=published,
        primary_category=country,
        categories=[country, region],
        authors=[author, AuthorFactory(name="Farid Noori")],
        tags=["wheat", "trade"],
        featured_image=library_image(
            alt_text="A wheat field", caption="Harvest near Mazar", credit="Photo desk"
        ),
        source_line="Kabul Analysis Desk",
    )
    type(article).objects.filter(pk=article.pk).update(updated_at=timezone.now().replace(microsecond=654321))
    CorrectionFactory(article=article)
    parent = ReplyFactory(article=article, name="Reader One", url="https://readers.example/one")
    ReplyFactory(article=article, parent=parent, name="Reader Two")
    ArticleFactory(title="Second wheat story", primary_category=country, tags=["wheat"], authors=[author])
    ArticleFactory(title="کابل و گندم", language="fa", primary_category=country)
    PageFactory(title="About us", slug="about")
    day = article.publish_date
    return article, [
        "/",
        article.get_absolute_url(),
        "/category/region/",
        "/category/afghanistan/?page=2",
        "/tag/wheat/",
        "/author/mariam/",
        f"/{day.year}/",
        f"/{day.year}/{day.month:02d}/",
        "/search/?q=wheat",
        "/search/?q=",
        "/about/",
        "/no-such-page/",
    ]


def reply_with_errors(client, article) -> bytes:
    """The article page as a reader gets it back after a refused reply."""
    data = {"name": "", "email": "not-an-email", "url": "http://foo.bar/#x=`y", "body": "Hello"}
    data["started"] = sign_start(article, timezone.now() - datetime.timedelta(minutes=1))
    return client.post(f"/replies/post/{article.pk}/", data).content


def outage_page(rf) -> bytes:
    request = rf.post("/replies/post/1/", {"name": "Nadia", "body": "Text to send again"})
    return resilience.database_unavailable(request).content


@pytest.mark.parametrize("language", ["en", "fa"])
def test_every_public_page_type_passes_the_nu_html_checker(site, language, rf):
    article, urls = site
    client = Client()
    client.cookies["django_language"] = language
    documents = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        documents[f"{language} {url}"] = response.content
    documents[f"{language} reply refused"] = reply_with_errors(client, article)
    from django.utils import translation

    with translation.override(language):
        documents[f"{language} 503"] = outage_page(rf)
    errors = vnu.check(documents)
    assert errors == []


def test_the_checker_reports_errors():
    """The test above can fail: a broken page is reported."""
    broken = (
        '<!DOCTYPE html><html lang="en"><title>x</title>'
        '<p><time datetime="2026-11-27T10:21:54.911929+04:30">x</time><a href="http://foo.bar/#x=`y">x</a>'
    )
    errors = vnu.check({"broken": broken})
    assert any("datetime" in error for error in errors)
    assert any("href" in error for error in errors)
