"""Pages record what they depend on through the models, never by writing tags by hand.

A page records the objects it shows (``pagecache.shows``: each object's own
tag) and the sets it lists (``pagecache.lists``: a model's list tag and a
scope); the models say what a change to them makes stale (``cache_tags()``).
A tag string written in a view, a template tag or a sitemap is the next
stale page, so only the page cache itself may call ``record``.
"""

import ast
from pathlib import Path

import pytest

from articles.models import Article, Author, Byline, Category, Correction, Masthead
from comments.models import Reply
from newsroom import pagecache
from pages.models import Menu, MenuItem, Page

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "tests", "migrations", "bench"}


def project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIP & set(path.relative_to(ROOT).parts):
            yield path


def records_by_hand(source: str) -> list[int]:
    """Lines calling ``pagecache.record(...)`` or a bare ``record(request, ...)``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                by_hand = func.attr == "record" and getattr(func.value, "id", "") == "pagecache"
            else:
                by_hand = getattr(func, "id", "") == "record"
            if by_hand:
                lines.append(node.lineno)
    return lines


def test_only_the_page_cache_records_tags():
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in project_modules()
        if path != ROOT / "newsroom" / "pagecache.py"
        and (lines := records_by_hand(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "source, found",
    [
        ("from newsroom import pagecache\npagecache.record(request, 'published')", [2]),
        ("record(request, 'menu')", [1]),
        ("pagecache.shows(request, article)\nmapping.record(key, obj, '')\nsection().record()", []),
    ],
)
def test_the_check_finds_hand_written_records(source, found):
    assert records_by_hand(source) == found


@pytest.mark.parametrize(
    "model", [Article, Author, Byline, Category, Correction, Masthead, Reply, Page, Menu, MenuItem]
)
def test_every_model_a_public_page_shows_declares_what_its_changes_make_stale(model):
    assert callable(getattr(model, "cache_tags", None)), model


@pytest.mark.django_db
def test_a_listing_records_its_set_and_each_object_with_what_its_card_shows(rf):
    from tests.factories import ArticleFactory, AuthorFactory

    author = AuthorFactory()
    article = ArticleFactory(authors=[author])
    card = Article.objects.for_listing().get(pk=article.pk)
    request = rf.get("/")
    request._pagecache_tags = set()
    pagecache.lists(request, Article, card.primary_category)
    pagecache.shows(request, card)
    assert request._pagecache_tags == {
        f"published:category:{card.primary_category_id}",
        f"article:{card.pk}",
        f"category:{card.primary_category_id}",
        f"author:{author.pk}",
    }
    # The article's own changes bump its tag and the sets it is in, this one included.
    assert {f"article:{card.pk}", f"published:category:{card.primary_category_id}"} <= set(card.cache_tags())
