"""Imported articles are found by their tags and author names, not only their text."""

import pytest

from articles import search
from articles.models import Article
from wordpress.models import ImportedObject


@pytest.mark.postgres  # the stored search vector is PostgreSQL's
def test_imported_articles_are_searchable_by_tag_and_author(run_import):
    run_import()
    ids = ImportedObject.objects.filter(kind="post").values_list("object_id", flat=True)
    checked = 0
    for article in Article.objects.filter(pk__in=ids):
        names = list(article.tags.names()) + [author.name for author in article.ordered_authors()]
        for name in names:
            found = search.search_articles(
                Article.objects.filter(pk=article.pk), search.SearchText.parse(name)
            )
            assert found.exists(), (article.title, name)
            checked += 1
    assert checked > 5
