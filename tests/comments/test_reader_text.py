"""Reader text is cleaned once on input (issue 18, finding 8): controls, invisible names, strict URLs."""

import pytest
from django.test import Client

from comments.forms import ReplyForm
from comments.models import Reply
from newsroom.text import clean_input, has_visible_character
from tests.corpus.hostile_strings import BIDI_CONTROLS, CONTROLS, NONCHARACTERS
from tests.factories import ArticleFactory

from .test_posting import form_data, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(title="Water and the northern canals")


def form(article, **fields):
    return ReplyForm(form_data(article, **fields), article=article)


@pytest.mark.parametrize("char", [c for c in CONTROLS if c not in "\t\n\r"] + NONCHARACTERS + BIDI_CONTROLS)
def test_controls_noncharacters_and_bidi_overrides_are_removed_from_every_text_field(article, char):
    response = post(
        Client(),
        article,
        name=f"Na{char}dia",
        body=f"Line{char} one\nLine two{char}",
        url=f"https://ex{char}ample.org/",
    )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert (reply.name, reply.body, reply.url) == ("Nadia", "Line one\nLine two", "https://example.org/")


def test_text_is_stored_in_nfc_with_line_breaks_kept_in_the_comment(article):
    post(Client(), article, name="Rene\u0301e\tSadat", body="Cafe\u0301\r\nsecond line\rthird\u2028fourth")
    reply = Reply.objects.get()
    assert reply.name == "Renée Sadat"
    assert reply.body == "Café\nsecond line\nthird\nfourth"


def test_persian_joiners_and_direction_marks_are_kept():
    assert (
        clean_input("می\u200cخواهم \u200fکابل\u200e 👩\u200d💻")
        == "می\u200cخواهم \u200fکابل\u200e 👩\u200d💻"
    )


@pytest.mark.parametrize(
    "name",
    [
        "\ufeff",
        "\ufeff\ufeff\ufeff",
        "\u200b\u200c\u200d",
        "\u3164\u3164",
        "\u2800",
        "\u00ad\u2060",
        "\u200e\u200f",
    ],
)
def test_a_name_with_no_visible_character_is_refused(article, name):
    f = form(article, name=name)
    assert not f.is_valid()
    assert "name" in f.errors
    assert not Reply.objects.exists()


@pytest.mark.parametrize("body", ["\u200b\u200b", "\ufeff\n\u2060", "\u3164", "\x1b\x08\x07"])
def test_a_comment_with_no_visible_character_is_refused(article, body):
    f = form(article, body=body)
    assert not f.is_valid()
    assert "body" in f.errors


@pytest.mark.parametrize(
    "url",
    [
        "http://foo.bar/#x=`y",
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://example.org/file",
        'http://example.org/"onmouseover="alert(1)',
        "http://example.org/<script>",
        "http://example.org/{x}|^",
        "http://example.org/%zz",
        "http://user:pass@example.org/",
        "http://example.org\\@evil.example/",
        "[",
        "http://[::1",
        "http://example.org:99999/",
    ],
)
def test_website_values_that_make_invalid_or_deceptive_links_are_refused(article, url):
    f = form(article, url=url)
    assert not f.is_valid()
    assert "url" in f.errors


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("example.org", "https://example.org"),
        ("https://example.org/a?b=1&c=2#top", "https://example.org/a?b=1&c=2#top"),
        (
            "https://example.org/مقاله?q=کابل",
            "https://example.org/%D9%85%D9%82%D8%A7%D9%84%D9%87?q=%DA%A9%D8%A7%D8%A8%D9%84",
        ),
        ("https://افغانستان.af/", "https://xn--mgbaal8b0b9b2bd.af/"),
    ],
)
def test_good_addresses_are_stored_as_valid_links(article, given, stored):
    f = form(article, url=given)
    assert f.is_valid(), f.errors
    assert f.cleaned_data["url"] == stored


def test_visible_character_rule():
    assert has_visible_character("ก้")
    assert has_visible_character("!")
    assert not has_visible_character("\u0301\u0300")  # marks with nothing to sit on
    assert not has_visible_character(" \u00a0\u3000")


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("see http://foo.bar/#x=`y now", "http://foo.bar/#x=%60y"),
        ("https://example.org/%zz{a}|^", "https://example.org/%25zz%7Ba%7D%7C%5E"),
        ("https://افغانستان.af/مقاله", "https://xn--mgbaal8b0b9b2bd.af/%D9%85%D9%82%D8%A7%D9%84%D9%87"),
    ],
)
def test_addresses_in_a_comment_become_valid_links(text, href):
    from comments.rendering import body_html

    assert f'href="{href}"' in body_html(text)


def test_a_website_stored_before_the_strict_check_still_makes_a_valid_link(article):
    from tests.factories import ReplyFactory

    ReplyFactory(article=article, name="Old reader", url="http://foo.bar/#x=`y")
    html = Client().get(article.get_absolute_url()).content.decode()
    assert 'href="http://foo.bar/#x=%60y"' in html and '`y"' not in html


@pytest.mark.parametrize(
    "text", ["http://user:pass@example.org/", "http://example.org\\@evil.example/", "http://[::1]:99999/"]
)
def test_addresses_with_credentials_or_a_bad_port_are_not_linked(text):
    from comments.rendering import body_html

    assert "<a " not in body_html(text)
