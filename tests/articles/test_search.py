"""Search: ranking, languages, visibility, odd input, highlighting, index use."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from articles import search
from articles.models import Article, Masthead
from tests.factories import ArticleFactory, AuthorFactory

postgres_only = pytest.mark.postgres  # full-text search and its GIN index exist on PostgreSQL only


def results(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response, [article.pk for article in response.context["object_list"]]


@pytest.mark.django_db
def test_title_match_ranks_above_body_only_match(client):
    body_only = ArticleFactory(title="Market notes", body="<p>The wheat harvest was late.</p>")
    in_title = ArticleFactory(title="Wheat prices climb", body="<p>Traders worry.</p>")
    body_only.publish_at = timezone.now() - datetime.timedelta(minutes=5)  # newer, still ranked lower
    body_only.save()
    _, found = results(client, "wheat")
    assert found == [in_title.pk, body_only.pk]


@pytest.mark.django_db
def test_only_the_newest_matches_are_ranked(client, monkeypatch):
    """A common word ranks its newest matches, not the whole archive: an older title match drops out."""
    monkeypatch.setattr(search, "RANKED_MATCHES", 2)
    now = timezone.now()
    day = datetime.timedelta(days=1)
    oldest_title_match = ArticleFactory(title="Wheat prices climb", publish_at=now - 3 * day)
    body_only = ArticleFactory(title="Market notes", body="<p>Wheat was late.</p>", publish_at=now)
    newer_title_match = ArticleFactory(title="Wheat exports", publish_at=now - day)
    ArticleFactory(title="Unrelated", publish_at=now)
    response, found = results(client, "wheat")
    assert found == [newer_title_match.pk, body_only.pk]
    assert oldest_title_match.pk not in found and "wheat" in response.content.decode().lower()


@pytest.mark.django_db
def test_dek_tags_and_author_names_are_searched(client):
    by_dek = ArticleFactory(title="One", dek="Lithium deals stall")
    by_tag = ArticleFactory(title="Two", tags=["lithium"])
    by_author = ArticleFactory(title="Three", authors=[AuthorFactory(name="Mariam Lithiumova")])
    ArticleFactory(title="Unrelated")
    assert set(results(client, "lithium")[1]) >= {by_dek.pk, by_tag.pk}
    assert results(client, "Lithiumova")[1] == [by_author.pk]


@pytest.mark.django_db
def test_persian_query_finds_persian_article(client):
    persian = ArticleFactory(
        title="در بازار کابل قیمت آرد بالا رفت",
        body="<p>نانوایی‌ها می‌گویند مشتریان کمتر شده‌اند.</p>",
        language="fa",
    )
    ArticleFactory(title="Flour prices in Kabul", language="en")
    assert results(client, "آرد")[1] == [persian.pk]
    assert results(client, "کابل")[1] == [persian.pk]


@pytest.mark.django_db
def test_arabic_keyboard_spelling_finds_persian_article(client):
    """On both databases: Arabic yeh (ي) and kaf (ك) find Persian yeh (ی) and keheh (ک)."""
    persian = ArticleFactory(title="قیمت آرد در کابل", language="fa")
    ArticleFactory(title="Kabul wheat", language="en")
    # The same words typed with Arabic yeh and kaf.
    response, found = results(client, "قيمت كابل")
    assert found == [persian.pk]
    # The title is highlighted in its own spelling; the query is shown as typed.
    assert "<mark>قیمت</mark>" in response.content.decode()
    assert "قيمت كابل" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stored, typed",
    [
        ("<p>یک کتابخانهٔ تازه</p>", "كتابخانۀ"),  # heh + hamza above vs heh with yeh above
        ("<p>مدرسة الفتح</p>", "مدرسه"),  # teh marbuta vs heh
        ("<p>مردم می‌خواهند</p>", "میخواهند"),  # zero-width non-joiner typed or not
        ("<p>جنـــگ تمام شد</p>", "جنگ"),  # tatweel stretching a word
        ("<p>کِتاب</p>", "کتاب"),  # a written vowel sign
        ("<p>سال ۱۴۰۵ آغاز شد</p>", "1405"),  # Persian digits in the text, ASCII in the query
        ("<p>بودجه 2026 تصویب شد</p>", "۲۰۲۶"),  # and the other way round
        ("<p>العدد ٣٧ صدر</p>", "37"),  # Arabic-Indic digits
    ],
)
def test_spelling_variants_find_each_other_in_index_and_query(client, stored, typed):
    # No bylines: a factory author is "Author <n>", which a digit query would find.
    article = ArticleFactory(title="گزارش", body=stored, language="fa", authors=[])
    ArticleFactory(title="دیگر", body="<p>هیچ</p>", language="fa", authors=[])
    assert results(client, typed)[1] == [article.pk]


def test_the_query_is_folded_but_shown_as_typed():
    text = search.SearchText.parse("كتابخانۀ  ۱۴۰۵")
    assert text.text == "كتابخانۀ ۱۴۰۵"
    assert text.terms == ["کتابخانه", "1405"]


@postgres_only
@pytest.mark.django_db
def test_english_articles_are_found_by_word_stem(client):
    article = ArticleFactory(title="Wheat prices climb", language="en")
    assert results(client, "price")[1] == [article.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status, publish_in",
    [
        (Article.Status.DRAFT, -1),
        (Article.Status.REVIEW, -1),
        (Article.Status.PUBLISHED, +1),  # scheduled
    ],
)
def test_unreadable_articles_never_match(client, status, publish_in):
    when = timezone.now() + datetime.timedelta(hours=publish_in)
    ArticleFactory(title="Secret zebra plan", status=status, publish_at=when)
    visible = ArticleFactory(title="Public zebra story")
    assert results(client, "zebra")[1] == [visible.pk]


@pytest.mark.django_db
def test_vector_follows_tags_and_bylines_saved_after_the_article(client):
    article = ArticleFactory(title="Plain title", tags=[])
    assert results(client, "saffron")[1] == []
    article.tags.add("saffron")
    assert results(client, "saffron")[1] == [article.pk]
    article.tags.remove("saffron")
    assert results(client, "saffron")[1] == []

    author = AuthorFactory(name="Zarghuna Example")
    article.bylines.create(author=author, position=1)
    assert results(client, "Zarghuna")[1] == [article.pk]
    author.name = "Palwasha Example"
    author.save()
    assert results(client, "Palwasha")[1] == [article.pk]
    article.bylines.filter(author=author).delete()
    assert results(client, "Palwasha")[1] == []


@postgres_only
@pytest.mark.django_db
def test_renaming_a_tag_refreshes_the_articles_that_carry_it(client):
    article = ArticleFactory(tags=["saffron"])
    from taggit.models import Tag

    tag = Tag.objects.get(name="saffron")
    tag.name = "crocus"
    tag.save()
    assert results(client, "crocus")[1] == [article.pk]
    assert results(client, "saffron")[1] == []


@postgres_only
@pytest.mark.django_db
def test_editing_the_article_refreshes_its_vector(client):
    article = ArticleFactory(title="Old headline")
    article.title = "Fresh headline about pomegranates"
    article.save()
    assert results(client, "pomegranates")[1] == [article.pk]
    assert results(client, "old")[1] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "x" * 5000,
        "wheat\x00 prices",
        "' OR 1=1 --",
        '"unclosed phrase',
        "!!! ((( &&& |||",
        "-",
        "<script>alert(1)</script>",
        "\ue000\ue001",
        "a & b | !c",
    ],
)
def test_odd_queries_give_a_helpful_page(client, q):
    ArticleFactory(title="Wheat prices climb")
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "search-q" in content


@pytest.mark.django_db
def test_empty_query_invites_a_search_and_long_one_says_it_was_shortened(client):
    assert "Type a word or a phrase" in client.get("/search/").content.decode()
    response = client.get("/search/", {"q": "wheat " * 100})
    assert "was shortened" in response.content.decode()
    assert len(response.context["query"].text) <= search.MAX_QUERY_LENGTH


@pytest.mark.django_db
def test_no_match_says_so(client):
    ArticleFactory(title="Wheat")
    assert "No articles match" in client.get("/search/", {"q": "quinoa"}).content.decode()


@pytest.mark.django_db
def test_excerpts_are_highlighted_and_escaped(client):
    ArticleFactory(
        title="Wheat <b>prices</b>",
        dek="",
        body="<p>Before &lt;script&gt; the wheat harvest and more words after it.</p>",
    )
    response, found = results(client, "wheat")
    article = response.context["object_list"][0]
    assert "<mark>" in article.search_title and "&lt;b&gt;" in article.search_title
    assert "<mark>wheat</mark>" in article.search_excerpt.lower()
    assert "&lt;script&gt;" in article.search_excerpt
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_results_are_paginated_and_keep_the_query(client, settings):
    for n in range(15):
        ArticleFactory(title=f"Wheat report {n}")
    response, first = results(client, "wheat")
    assert len(first) == settings.NEWSROOM_PAGE_SIZE
    assert "?q=wheat&amp;page=2" in response.content.decode()
    _, second = results(client, "wheat", page=2)
    assert len(second) == 15 - settings.NEWSROOM_PAGE_SIZE
    assert not set(first) & set(second)
    assert results(client, "wheat", page="999")[1] == second  # past the end: last page
    assert results(client, "wheat", page="abc")[1] == first


@pytest.mark.django_db
def test_search_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    def count():
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"q": "wheat"}).status_code == 200
        return len(queries)

    Masthead.names()  # the site's name: read once by the first page that shows it, then kept
    ArticleFactory(title="Wheat 0", tags=["a"])
    small = count()
    for n in range(20):
        ArticleFactory(title=f"Wheat {n}", tags=["a", "b"], authors=[AuthorFactory(), AuthorFactory()])
    assert count() == small
    with django_assert_max_num_queries(6):
        client.get("/search/", {"q": "wheat"})


@postgres_only
@pytest.mark.django_db
def test_query_plan_uses_the_gin_index():
    """With an archive of realistic size, a rare word is found through the index."""
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Routine report {n}",
            slug=f"routine-{n}",
            body="<p>Nothing of note today.</p>",
            status=Article.Status.PUBLISHED,
            publish_at=now - datetime.timedelta(minutes=n),
        )
        for n in range(1000)
    )
    ArticleFactory(title="Pomegranate exports")
    search.refresh_search_vectors(Article.objects.values("pk"))
    query = search.search_articles(Article.objects.published(), search.SearchText.parse("pomegranate"))
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        # As autovacuum would: move fresh entries from GIN's pending list
        # into the index proper, and gather statistics.
        cursor.execute("SELECT gin_clean_pending_list('article_search_vector_idx')")
        cursor.execute("ANALYZE articles_article")
        # A table this small fits a few pages, where a sequential scan is
        # cheaper; bench/search_plan.py shows the plan on a full-size archive.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on article_search_vector_idx" in plan, plan
    assert [a.title for a in query] == ["Pomegranate exports"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fa"])
def test_search_pages_are_valid_html(client, language):
    from tests.test_html import parse_strictly

    ArticleFactory(title="Wheat prices climb", body="<p>Wheat &amp; flour.</p>")
    ArticleFactory(title="قیمت آرد", language="fa")
    client.cookies["django_language"] = language
    for q in ["wheat", "آرد", "", "quinoa", "x" * 300]:
        response = client.get("/search/", {"q": q})
        assert response.status_code == 200
        parse_strictly(response.content)
