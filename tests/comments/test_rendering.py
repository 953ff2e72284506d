"""The replies thread built in Python (comments/rendering.py) says what the templates said."""

import datetime

import pytest
from django.utils import formats, timezone, translation

from comments.models import Reply, ThreadNode
from comments.rendering import ThreadRenderer, _Timestamps, body_html


@pytest.mark.parametrize(
    "text, html",
    [
        ("One line", "<p>One line</p>"),
        ("Line one\nline two", "<p>Line one<br>line two</p>"),
        ("First\r\n\r\nSecond", "<p>First</p>\n\n<p>Second</p>"),
        ("\n\nPadded\n\n\n\nout\n", "<p>Padded</p>\n\n<p>out</p>"),
        ("", ""),
        (
            "<script>alert(\"x\")</script> & 'q'",
            "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;</p>",
        ),
        (
            "See https://data.example/report.",
            '<p>See <a href="https://data.example/report" rel="nofollow ugc">https://data.example/report</a>.</p>',
        ),
        (
            "(www.example.org/a_(b)), then",
            '<p>(<a href="http://www.example.org/a_(b)" rel="nofollow ugc">'
            "www.example.org/a_(b)</a>), then</p>",
        ),
        (
            "https://a.example/?q=1&r=2",
            '<p><a href="https://a.example/?q=1&amp;r=2" rel="nofollow ugc">https://a.example/?q=1&amp;r=2</a></p>',
        ),
        # A quote or a bracket ends an address: nothing can break out of the attribute.
        (
            'https://a.example/"onmouseover="x',
            '<p><a href="https://a.example/" rel="nofollow ugc">https://a.example/</a>&quot;onmouseover=&quot;x</p>',
        ),
        ("javascript:alert(1) and data:text/html,x", "<p>javascript:alert(1) and data:text/html,x</p>"),
        # Persian punctuation after an address is not part of it.
        (
            "ببینید https://example.af/گزارش،",
            # The link target is percent-encoded (always a valid URL); the text stays as typed.
            '<p>ببینید <a href="https://example.af/%DA%AF%D8%B2%D8%A7%D8%B1%D8%B4" rel="nofollow ugc">'
            "https://example.af/گزارش</a>،</p>",
        ),
    ],
)
def test_reply_bodies(text, html):
    assert body_html(text) == html


@pytest.mark.parametrize("language", ["en", "fa"])
def test_timestamps_read_as_django_formats_them(language, settings):
    settings.TIME_ZONE = "Asia/Kabul"
    start = timezone.make_aware(datetime.datetime(2026, 3, 1, 0, 5))
    with translation.override(language), timezone.override("Asia/Kabul"):
        stamp = _Timestamps(formats.get_format("DATETIME_FORMAT"))
        for hours in range(0, 24 * 40, 7):  # every hour of the day, across a month's end
            value = timezone.localtime(start + datetime.timedelta(hours=hours, minutes=hours % 60))
            assert stamp(value) == formats.date_format(value, "DATETIME_FORMAT")


@pytest.mark.parametrize("format_string", [r"\a\t H:i", r"jS \o\f F Y, P", "D, d M Y H:i:s O"])
def test_timestamps_keep_literal_text_and_escapes(format_string):
    value = timezone.localtime(timezone.make_aware(datetime.datetime(2026, 11, 2, 15, 4, 5)))
    assert _Timestamps(format_string)(value) == formats.date_format(value, format_string)


def test_a_remembered_time_of_day_is_in_the_language_it_was_asked_in():
    value = timezone.localtime(timezone.make_aware(datetime.datetime(2026, 11, 2, 15, 4, 5)))
    for language in ("en", "fa", "en"):
        with translation.override(language):
            assert _Timestamps("P, a")(value) == formats.date_format(value, "P, a")


def _reply(pk, status=Reply.Status.APPROVED, **fields):
    fields = {"name": f"Reader {pk}", "body": f"Text {pk}", **fields}
    reply = Reply(pk=pk, status=status, **fields)
    reply.created_at = timezone.make_aware(datetime.datetime(2026, 11, 2, 15, 4))
    return reply


def test_the_thread_nests_and_offers_replies_only_where_allowed():
    pending = _reply(3, status=Reply.Status.PENDING)
    deep = ThreadNode(_reply(2, url="https://me.example/?a=1&b=2"), 2)
    thread = [ThreadNode(_reply(1), 1, [deep]), ThreadNode(pending, 1)]
    with translation.override("en"):
        html = ThreadRenderer(is_open=True, max_depth=2).render(thread)
    assert html.startswith('<ol class="reply-list"><li class="reply" id="reply-1">')
    assert '<ol class="reply-list reply-list--children"><li class="reply" id="reply-2">' in html
    assert html.count("<ol") == html.count("</ol>") == 2 and html.count("<li") == html.count("</li>") == 3
    # Depth 1 and approved: a reply link; at the deepest level or pending: none.
    assert 'href="?replytocom=1#respond" aria-label="Reply to Reader 1">Reply</a>' in html
    assert "replytocom=2" not in html and "replytocom=3" not in html
    assert '<li class="reply reply--pending" id="reply-3">' in html
    assert "Your comment is awaiting moderation." in html
    site = '<a href="https://me.example/?a=1&amp;b=2" rel="ugc nofollow noopener">'
    assert f'<b id="reply-2-by" dir="auto">{site}Reader 2</a></b>' in html
    assert '<article aria-labelledby="reply-1-by">' in html
    assert '<time datetime="2026-11-02T' in html and '<div dir="auto"><p>Text 1</p></div>' in html

    closed = ThreadRenderer(is_open=False, max_depth=2).render(thread)
    assert "replytocom" not in closed


def test_names_are_escaped_everywhere_they_appear():
    node = ThreadNode(_reply(1, name='"><script>x</script>'), 1)
    with translation.override("en"):
        html = ThreadRenderer(is_open=True, max_depth=3).render([node])
    assert "<script>" not in html
    assert 'aria-label="Reply to &quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html


def test_the_thread_is_translated():
    node = ThreadNode(_reply(1, status=Reply.Status.PENDING), 1)
    with translation.override("fa"):
        html = ThreadRenderer(is_open=True, max_depth=3).render([node])
    assert "Your comment is awaiting moderation." not in html
