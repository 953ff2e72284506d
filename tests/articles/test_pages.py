"""The public pages of SPEC §3 and what each one shows."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CorrectionFactory,
    library_image,
)


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_seed_demo_is_safe_to_run_twice(demo):
    counts = (Article.objects.count(), Category.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Article.objects.count(), Category.objects.count()) == counts
    assert Article.objects.published().count() >= 12
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now()).exists()


@pytest.mark.django_db
def test_showcase_article_renders_categories_authors_source_tags_and_correction(client, demo):
    article = Article.objects.get(slug="a-cabinet-reshuffle-and-the-limits-of-central-power")
    html = client.get(article.get_absolute_url()).content.decode()
    for category in article.categories.all():
        assert f'href="{category.get_absolute_url()}"' in html
    assert article.categories.count() == 8
    authors = article.ordered_authors()
    assert len(authors) == 2
    for author in authors:
        assert f'href="{author.get_absolute_url()}"' in html
    assert "Kabul Analysis Desk" in html
    for tag in article.tags.all():
        assert f'href="{reverse("articles:tag", kwargs={"slug": tag.slug})}"' in html
    assert "He served in Kunduz, not Baghlan." in html
    assert 'srcset="' in html and "image/webp" in html
    assert 'href="#top"' in html


@pytest.mark.django_db
def test_byline_keeps_author_order(client):
    first, second = AuthorFactory(name="Zarghuna First"), AuthorFactory(name="Ahmad Second")
    article = ArticleFactory(authors=[first, second])
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("Zarghuna First") < html.index("Ahmad Second")


@pytest.mark.django_db
def test_article_page_shows_dates_image_credit_and_corrections(client):
    article = ArticleFactory(
        featured_image=library_image(
            size=(1600, 1000),
            alt_text="Traders on a bridge",
            caption="The market at Ishkashim.",
            credit="Jane Photographer",
        ),
        source_line="Kabul Analysis Desk",
    )
    CorrectionFactory(article=article, note="The bridge is on the Panj, not the Amu Darya.")
    html = client.get(article.get_absolute_url()).content.decode()
    local = article.publish_at.astimezone(timezone.get_current_timezone())
    assert f'datetime="{local.isoformat(timespec="seconds")}"' in html  # HTML allows no microseconds
    assert 'alt="Traders on a bridge"' in html
    assert "Jane Photographer" in html and "The market at Ishkashim." in html
    assert "The bridge is on the Panj" in html
    assert "480w" in html and "1200w" in html


@pytest.mark.django_db
def test_category_page_includes_subcategories(client):
    region = CategoryFactory(name="Region", slug="region")
    afghanistan = CategoryFactory(name="Afghanistan", slug="afghanistan", parent=region)
    ArticleFactory(title="Filed under the child only", primary_category=afghanistan)
    ArticleFactory(title="Elsewhere entirely")
    html = client.get(region.get_absolute_url()).content.decode()
    assert "Filed under the child only" in html
    assert "Elsewhere entirely" not in html
    assert f'href="{afghanistan.get_absolute_url()}"' in html
    child = client.get(afghanistan.get_absolute_url()).content.decode()
    assert f'href="{region.get_absolute_url()}"' in child  # breadcrumb


@pytest.mark.django_db
def test_listings_are_paginated(client, settings):
    category = CategoryFactory()
    for _ in range(15):
        ArticleFactory(primary_category=category)
    first = client.get(category.get_absolute_url())
    assert len(first.context["object_list"]) == 12
    assert 'rel="next"' in first.content.decode()
    second = client.get(category.get_absolute_url() + "?page=2")
    assert len(second.context["object_list"]) == 3
    assert client.get(category.get_absolute_url() + "?page=9").status_code == 404
    assert client.get(category.get_absolute_url() + "?page=abc").status_code == 404


@pytest.mark.django_db
def test_tag_author_and_archive_pages(client):
    author = AuthorFactory(name="Mariam Test", bio="Covers the economy.")
    when = timezone.make_aware(datetime.datetime(2025, 6, 15, 9, 0))
    article = ArticleFactory(title="June piece", publish_at=when, authors=[author], tags=["wheat"])
    assert "June piece" in client.get(reverse("articles:tag", kwargs={"slug": "wheat"})).content.decode()
    author_page = client.get(author.get_absolute_url()).content.decode()
    assert "Covers the economy." in author_page and "June piece" in author_page
    assert "June piece" in client.get("/2025/").content.decode()
    assert "June piece" in client.get("/2025/06/").content.decode()
    assert client.get("/2025/07/").status_code == 404
    assert client.get("/2025/06/15/june-piece-missing/").status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.get_absolute_url() == f"/2025/06/15/{article.slug}/"


@pytest.mark.django_db
def test_unknown_pages_answer_a_useful_404(client):
    ArticleFactory(title="Something to read instead")
    for url in ["/category/nope/", "/tag/nope/", "/author/nope/", "/2025/13/", "/2025/02/30/x/", "/nope/"]:
        response = client.get(url)
        assert response.status_code == 404, url
    html = client.get("/category/nope/").content.decode()
    assert "We could not find that page" in html
    assert "Something to read instead" in html


def test_500_page_renders_without_a_database(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


@pytest.mark.django_db
def test_persian_article_has_a_unicode_slug_url(client):
    article = ArticleFactory(title="قیمت آرد", slug="", language="fa")
    assert article.slug == "قیمت-آرد"
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert 'lang="fa"' in response.content.decode()


@pytest.mark.django_db
def test_demo_has_the_showcase_in_dari_and_pashto_linked_and_translated_names(client, demo):
    showcase = Article.objects.get(slug="a-cabinet-reshuffle-and-the-limits-of-central-power")
    versions = {a.language: a for a in showcase.translations.all()}
    assert set(versions) == {"fa", "ps"}
    for language, version in versions.items():
        assert version.is_published and version.categories.count() == 8
        assert version.corrections.exists()
        client.cookies["django_language"] = language
        html = client.get(version.get_absolute_url()).content.decode()
        assert f'<html lang="{language}" dir="rtl">' in html
        assert f'hreflang="en" href="http://testserver{showcase.get_absolute_url()}"' in html
        assert ">Analysis<" not in html  # category names in the reader's language
    assert Category.objects.get(slug="analysis").name_ps == "شننه"
    client.cookies["django_language"] = "fa"
    assert "میز تحلیل کابل" in client.get("/").content.decode()
