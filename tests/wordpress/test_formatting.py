"""WordPress's paragraph convention and shortcodes, as tables of cases."""

import pytest

from wordpress.formatting import Shortcodes, autop, convert_body, reply_text


@pytest.mark.parametrize(
    "text, html",
    [
        ("", ""),
        ("One line.", "<p>One line.</p>"),
        ("First.\n\nSecond.", "<p>First.</p>\n<p>Second.</p>"),
        ("Line one\nline two", "<p>Line one<br>\nline two</p>"),
        ("Windows\r\n\r\nbreaks", "<p>Windows</p>\n<p>breaks</p>"),
        ("Many\n\n\n\nblank lines", "<p>Many</p>\n<p>blank lines</p>"),
        ("<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li></ul>"),
        ("Text\n<h2>Heading</h2>\nMore", "<p>Text</p>\n<h2>Heading</h2>\n<p>More</p>"),
        ("<pre>keep\n\n  this</pre>", "<pre>keep\n\n  this</pre>"),
        ("a<br /><br />b", "<p>a</p>\n<p>b</p>"),
        ("<div>Inside\n\nstill inside</div>", "<div>Inside\n<p>still inside</p></div>"),
        ("<blockquote>Quoted.</blockquote>\nAfter", "<blockquote>Quoted.</blockquote>\n<p>After</p>"),
    ],
)
def test_autop(text, html):
    assert autop(text) == html


@pytest.mark.parametrize(
    "text, expected, converted, stripped",
    [
        (
            '[caption id="a" width="300"]<img src="x.jpg" alt="" /> The caption[/caption]',
            '<figure><img src="x.jpg" alt="" /><figcaption>The caption</figcaption></figure>',
            {"caption": 1},
            {},
        ),
        (
            '[caption caption="Old style"]<a href="big.jpg"><img src="x.jpg" /></a>[/caption]',
            '<figure><a href="big.jpg"><img src="x.jpg" /></a><figcaption>Old style</figcaption></figure>',
            {"caption": 1},
            {},
        ),
        (
            "[embed]https://video.example/v/1[/embed]",
            '<figure class="embed-card"><a href="https://video.example/v/1">',
            {"embed": 1},
            {},
        ),
        ('[video src="https://cdn.example/a.mp4"]', '<a href="https://cdn.example/a.mp4">', {"video": 1}, {}),
        ('Before [gallery ids="1,2,3"] after', "Before  after", {}, {"gallery": 1}),
        ('[contact-form-7 id="9" title="Contact"]', "", {}, {"contact-form-7": 1}),
        ("[pullquote]Kept words[/pullquote]", "Kept words", {}, {"pullquote": 1}),
        ("An aside [sic] and [citation needed].", "An aside [sic] and [citation needed].", {}, {}),
        ("Write [[gallery]] to show a gallery.", "Write [gallery] to show a gallery.", {}, {}),
        ("[embed]javascript:alert(1)[/embed]", "", {}, {"embed": 1}),
    ],
)
def test_shortcodes_are_converted_or_stripped_and_counted(text, expected, converted, stripped):
    shortcodes = Shortcodes()
    result = shortcodes.expand(text)
    assert expected in result.strip() if expected else result.strip() == ""
    assert dict(shortcodes.converted) == converted
    assert dict(shortcodes.stripped) == stripped


def test_block_editor_posts_are_not_given_paragraphs_again():
    body = "<!-- wp:paragraph -->\n<p>Already\nHTML.</p>\n<!-- /wp:paragraph -->"
    assert convert_body(body, Shortcodes()) == body


def test_a_url_alone_on_its_line_becomes_a_link_card():
    html = convert_body("Watch this:\n\nhttps://www.youtube.com/watch?v=abc\n\nThanks.", Shortcodes())
    assert (
        '<figure class="embed-card"><a href="https://www.youtube.com/watch?v=abc">'
        '<span class="embed-provider">YouTube</span> <strong class="embed-title">Watch on YouTube</strong> '
        '<span class="embed-address">youtube.com/watch?v=abc</span></a></figure>'
    ) in html


@pytest.mark.parametrize(
    "raw, text",
    [
        ("Plain.\n\nTwo paragraphs.", "Plain.\n\nTwo paragraphs."),
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("Line<br />break", "Line\nbreak"),
        (
            'See <a href="https://example.net/x" rel="nofollow">this page</a>.',
            "See this page (https://example.net/x).",
        ),
        ('<a href="https://example.net/">https://example.net/</a>', "https://example.net/"),
        ("Fish &amp; chips <b>now</b>", "Fish & chips now"),
    ],
)
def test_reply_text(raw, text):
    assert reply_text(raw) == text
