"""Content in another language than the interface carries its own lang and dir; names are isolated."""

import re

import html5lib
import pytest

from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, CorrectionFactory, library_image


@pytest.fixture
def english_in_dari(db, client):
    category = CategoryFactory(slug="analysis", name="Analysis", show_on_home=True)
    article = ArticleFactory(
        title="Provincial budgets, explained",
        dek="Who pays for what.",
        body="<p>The council met.</p>",
        language="en",
        primary_category=category,
        categories=[category],
        authors=[AuthorFactory(name="Mariam Ahmadi"), AuthorFactory(name="John Smith")],
        source_line="DID Press Agency",
        featured_image=library_image(
            alt_text="A council hall", caption="The council hall in Kabul.", credit="DID Press Agency"
        ),
    )
    CorrectionFactory(article=article, note="The meeting took place on Tuesday, not Monday.")
    client.cookies["django_language"] = "fa"
    return article


def element(document, css_class: str):
    for node in document.iter():
        if css_class in (node.get("class") or "").split():
            return node
    raise AssertionError(f"no .{css_class}")


@pytest.mark.django_db
def test_an_english_article_in_the_dari_interface_marks_every_part_of_its_own(client, english_in_dari):
    page = client.get(english_in_dari.get_absolute_url()).content
    document = html5lib.parse(page, namespaceHTMLElements=False)
    assert document.get("lang") == "fa" and document.get("dir") == "rtl"
    for css_class in ("article__title", "article__dek", "article__body"):
        node = element(document, css_class)
        assert (node.get("lang"), node.get("dir")) == ("en", "ltr"), css_class
    text = page.decode()
    # Caption and credit: the credit is isolated, so "عکس:" stays before it.
    assert '<span lang="en" dir="ltr">The council hall in Kabul.</span>' in text
    assert '<bdi lang="en" dir="ltr">DID Press Agency</bdi>' in text
    # The correction's full stop stays at the end of its own sentence.
    assert '<bdi lang="en" dir="ltr">The meeting took place on Tuesday, not Monday.</bdi>' in text
    # Names in the byline are isolated runs; the agency name keeps together.
    assert "<bdi>Mariam Ahmadi</bdi>" in text and "<bdi>John Smith</bdi>" in text
    assert '<span class="byline__source"> &mdash; <bdi>DID Press Agency</bdi></span>' in text


@pytest.mark.django_db
def test_cards_latest_and_search_results_carry_the_articles_language(client, english_in_dari):
    home = client.get("/").content.decode()
    title = r'class="card__title[^"]*" lang="en" dir="ltr"><a href="[^"]+">Provincial budgets, explained</a>'
    assert re.search(title, home)
    assert '<p class="card__dek" lang="en" dir="ltr">Who pays for what.</p>' in home
    results = client.get("/search/", {"q": "budgets"}).content.decode()
    assert '<h2 class="search-result__title" lang="en" dir="ltr">' in results


@pytest.mark.django_db
def test_a_dari_article_in_the_dari_interface_needs_no_marks_but_keeps_names_isolated(client):
    article = ArticleFactory(title="بودجهٔ ولایات", language="fa", authors=[AuthorFactory(name="Mariam")])
    client.cookies["django_language"] = "fa"
    text = client.get(article.get_absolute_url()).content.decode()
    assert '<h1 class="article__title">بودجهٔ ولایات</h1>' in text
    assert "<bdi>Mariam</bdi>" in text
