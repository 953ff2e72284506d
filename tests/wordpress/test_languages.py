"""The language of imported posts and pages: the file's own (<language>, as WordPress writes
it), an operator's --language, or Polylang's per-post language term."""

import pytest

from articles.models import Article
from pages.models import Page
from tests.wordpress.conftest import SITE
from wordpress.importer import language_code
from wordpress.models import ImportedObject

DARI_POST = "<wp:post_id>102</wp:post_id>"


def export(tmp_path, language="en-US", polylang=None):
    """site.xml with another channel language, and post 102 tagged by Polylang if asked."""
    text = SITE.read_text().replace("<language>en-US</language>", f"<language>{language}</language>")
    if polylang:
        term = f'<category domain="language" nicename="{polylang}"><![CDATA[{polylang}]]></category>'
        text = text.replace(DARI_POST, DARI_POST + term, 1)
    path = tmp_path / "export.xml"
    path.write_text(text)
    return path


def languages(kind, model):
    ids = ImportedObject.objects.filter(kind=kind).values_list("object_id", flat=True)
    return set(model.objects.filter(pk__in=ids).values_list("language", flat=True))


@pytest.mark.parametrize(
    ("declared", "ours"),
    [
        ("fa-IR", "fa"),
        ("fa_AF", "fa"),
        ("prs", "fa"),
        ("ps-AF", "ps"),
        ("pbt", "ps"),
        ("en-US", "en"),
        ("de-DE", None),
    ],
)
def test_wordpress_language_codes_become_ours(declared, ours):
    assert language_code(declared) == ours


def test_a_dari_site_arrives_as_dari(run_import, tmp_path):
    run_import(export(tmp_path, "fa-IR"))
    assert languages("post", Article) == {"fa"} and languages("page", Page) == {"fa"}


def test_the_operator_may_say_the_language(run_import, tmp_path):
    run_import(export(tmp_path, "en-US"), language="ps")
    assert languages("post", Article) == {"ps"} and languages("page", Page) == {"ps"}


def test_polylangs_language_of_a_post_wins(run_import, tmp_path):
    run_import(export(tmp_path, "en-US", polylang="fa"))
    dari = Article.objects.get(pk=ImportedObject.objects.get(kind="post", wp_key="102").object_id)
    assert dari.language == "fa"
    assert languages("post", Article) == {"en", "fa"}


def test_a_language_this_site_has_not_is_reported(run_import, tmp_path):
    printed = run_import(export(tmp_path, "de-DE"))
    assert "'de-DE' is not one of this site's" in printed
    assert languages("post", Article) == {"en"}


def test_a_file_that_names_no_language_is_the_default_without_a_warning(run_import, tmp_path):
    printed = run_import(export(tmp_path, ""))
    assert "is not one of this site's" not in printed
    assert languages("post", Article) == {"en"}
