"""Files that are not a whole WordPress export are refused, and nothing changes."""

import pytest
from django.core.management.base import CommandError

from .conftest import FIXTURES
from .test_import import table_sizes

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss><channel><title>&b;</title></channel></rss>"""


def media_files(settings) -> list:
    return (
        sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
        if settings.MEDIA_ROOT.exists()
        else []
    )


@pytest.fixture
def imported_once(run_import, settings):
    """A database that already holds the site, so "unchanged" is tested on real data, not on zeros."""
    run_import()
    return table_sizes(), media_files(settings)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("truncated.xml", None, "The file looks truncated"),
        ("feed.xml", None, "This is an RSS feed, not a WordPress export: it has no <wp:wxr_version>"),
        (
            "atom.xml",
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
            "starts with <feed>",
        ),
        ("page.html", "<!doctype html><html><body><p>Hello</body></html>", "not well-formed XML"),
        ("empty.xml", "", "not well-formed XML"),
        ("bomb.xml", BILLION_LAUGHS, "refused for safety"),
        ("no-channel.xml", "<rss version='2.0'></rss>", "it has no <channel>"),
    ],
)
def test_a_file_that_is_not_a_whole_export_is_refused_and_nothing_changes(
    run_import, imported_once, settings, tmp_path, name, content, message
):
    path = FIXTURES / name
    if content is not None:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
    sizes, files = imported_once
    with pytest.raises(CommandError) as refused:
        run_import(path, batch_size=1)  # batches of one: the truncated file has written posts when it fails
    assert message in str(refused.value)
    assert "Nothing was changed." in str(refused.value)
    assert table_sizes() == sizes
    assert media_files(settings) == files


def test_a_truncated_file_on_an_empty_database_leaves_it_empty(run_import, settings):
    before = table_sizes()
    with pytest.raises(CommandError, match="line"):
        run_import(FIXTURES / "truncated.xml", batch_size=1)
    assert table_sizes() == before
    assert media_files(settings) == []


def test_a_missing_file_or_media_folder_is_a_clear_error(run_import, tmp_path):
    with pytest.raises(CommandError, match="No file at"):
        run_import(tmp_path / "nowhere.xml")
    with pytest.raises(CommandError, match="is not a folder"):
        run_import(media_dir=str(tmp_path / "nowhere"))
    with pytest.raises(CommandError, match="Unknown time zone"):
        run_import(timezone="Mars/Olympus")
