"""Bodies keep galleries, embed cards and players of this site's files, and nothing more."""

import pytest

from articles.sanitize import clean_html


@pytest.mark.parametrize(
    "html, kept",
    [
        (
            '<figure class="gallery gallery-columns-3"><figure>x</figure></figure>',
            'class="gallery gallery-columns-3"',
        ),
        ('<figure class="embed-card"><a href="https://vimeo.com/1">v</a></figure>', 'class="embed-card"'),
        ('<audio controls preload="metadata" src="/media/files/a.mp3"></audio>', 'src="/media/files/a.mp3"'),
        ('<video controls src="/media/files/c.mp4"></video>', '<video controls="" src="/media/files/c.mp4">'),
    ],
)
def test_import_layouts_are_kept(html, kept):
    assert kept in clean_html(html)


@pytest.mark.parametrize(
    "html, gone",
    [
        ('<figure class="gallery evil">x</figure>', "evil"),  # only our own classes
        ('<p class="gallery">x</p>', "class"),  # and only where our stylesheet expects them
        ('<audio autoplay src="/media/a.mp3"></audio>', "autoplay"),
        ('<video src="/media/c.mp4" onplay="steal()"></video>', "onplay"),
        ('<iframe src="https://www.youtube.com/embed/x"></iframe>', "iframe"),
        ('<audio src="javascript:alert(1)"></audio>', "javascript"),
    ],
)
def test_anything_else_is_removed(html, gone):
    assert gone not in clean_html(html)


@pytest.mark.parametrize(
    "html, cleaned",
    [
        ("<p>a</p><figure><img></figure><p>b</p>", "<p>a</p><p>b</p>"),
        ('<figure><img alt="x" src=""><figcaption>At dusk</figcaption></figure>', "<p>At dusk</p>"),
        ('<p>a <img src="javascript:x()"> b</p>', "<p>a  b</p>"),  # its src was not a web address
        (
            '<figure><img src="/media/a.jpg" alt=""></figure>',
            '<figure><img src="/media/a.jpg" alt=""></figure>',
        ),
    ],
)
def test_a_picture_without_a_file_is_no_picture(html, cleaned):
    """What an editor can leave behind (a figure whose picture was typed over): never stored as a
    broken image; the caption written is kept."""
    assert clean_html(html) == cleaned


def test_bidi_embeddings_overrides_and_isolates_are_removed_marks_stay():
    """As from readers' input: they turn text around (a file name shown backwards); dir="…" is the
    way to set a direction, and the marks (LRM, RLM) a writer types on purpose are kept."""
    html = '<p dir="rtl">gnp.\u202eexe \u2067x\u2069 \u202bنام\u202c \u200fok\u200e</p>'
    assert clean_html(html) == '<p dir="rtl">gnp.exe x نام \u200fok\u200e</p>'
