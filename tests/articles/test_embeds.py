"""Embeds: a link card by default; the provider's privacy-friendly player once an editor enables it.

The body stores the card; the player is put in its place when the page is
rendered, so a switch takes effect on every page at once, and the
Content-Security-Policy frames exactly the enabled players' hosts.
"""

import re

import pytest
from django.urls import reverse

from articles import embeds
from articles.models import Article, EmbedProvider
from articles.sanitize import clean_html
from tests import test_pagecache
from tests.factories import ArticleFactory, PageFactory

YOUTUBE = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
NOCOOKIE = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
X_POST = "https://x.com/example/status/1234567890"


def card(url: str, caption: str = "") -> str:
    known = embeds.player_for(url)
    return embeds.link_card(url, known[0].name, caption, known[0].kind)


def switch(slug: str, enabled: bool) -> None:
    EmbedProvider.objects.update_or_create(slug=slug, defaults={"enabled": enabled})


def frame_sources(response) -> list[str] | None:
    """The hosts of the policy's frame-src, or None without one."""
    for directive in response["Content-Security-Policy"].split(";"):
        name, *values = directive.split()
        if name == "frame-src":
            return values
    return None


@pytest.fixture
def story(db):
    body = (
        "<p>The dam opened.</p>"
        + card(YOUTUBE, "Drone footage of the dam.")
        + card(X_POST)
        + "<p>More soon.</p>"
    )
    return ArticleFactory(title="The dam", body=body)


def test_every_known_provider_has_a_switch_and_all_are_off_after_migrate(db):
    assert set(EmbedProvider.objects.values_list("slug", flat=True)) == set(embeds.PLAYERS)
    assert not EmbedProvider.objects.filter(enabled=True).exists()


def test_with_every_provider_off_readers_get_link_cards_and_no_frame_is_allowed(client, story):
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert "<iframe" not in html and "youtube-nocookie" not in html
    assert f'<figure class="embed-card"><a href="{YOUTUBE}"' in html
    assert "<figcaption>Drone footage of the dam.</figcaption>" in html
    assert frame_sources(response) is None


def test_an_enabled_provider_shows_its_nocookie_player_and_the_policy_frames_only_its_host(client, story):
    switch("youtube", True)
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    frame = re.search(r"<iframe [^>]*></iframe>", html).group(0)
    assert f'src="{NOCOOKIE}"' in frame
    assert 'title="YouTube video"' in frame and 'loading="lazy"' in frame
    assert 'referrerpolicy="strict-origin-when-cross-origin"' in frame
    sandbox = re.search(r'sandbox="([^"]*)"', frame).group(1).split()
    assert "allow-top-navigation" not in sandbox and "allow-forms" not in sandbox
    assert html.count("<iframe") == 1  # X is still off: its post stays a card
    assert '<span class="embed-provider">X</span>' in html
    # The link stays under the player, with the caption.
    assert f'<figcaption>Drone footage of the dam. <a href="{YOUTUBE}" rel="noopener noreferrer">' in html
    assert frame_sources(response) == ["https://www.youtube-nocookie.com"]
    # Stored bodies keep the card: switching off needs no rewrite.
    assert "<iframe" not in Article.objects.get(pk=story.pk).body


def test_every_enabled_player_host_and_nothing_else_is_framed(client, story):
    switch("youtube", True)
    switch("x", True)
    response = client.get(story.get_absolute_url())
    assert frame_sources(response) == ["https://platform.twitter.com", "https://www.youtube-nocookie.com"]
    assert (
        "https://platform.twitter.com/embed/Tweet.html?id=1234567890&amp;dnt=true"
        in response.content.decode()
    )
    assert frame_sources(client.get("/")) is None  # a page without players frames nothing
    switch("x", False)
    assert frame_sources(client.get(story.get_absolute_url())) == ["https://www.youtube-nocookie.com"]


def test_a_player_in_a_body_of_another_language_is_titled_in_the_page_language(client, db):
    switch("youtube", True)
    story = ArticleFactory(title="بند", language="fa", body=card(YOUTUBE))
    html = client.get(story.get_absolute_url()).content.decode()
    assert re.search(r'<iframe [^>]*title="YouTube video" lang="en" dir="ltr"', html)
    client.cookies["django_language"] = "fa"
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<iframe" in html and 'lang="en"' not in re.search(r"<iframe [^>]*>", html).group(0)


def test_the_article_page_answering_a_refused_reply_frames_its_players_too(client, story):
    switch("youtube", True)
    response = client.post(reverse("comments:post", args=[story.pk]), {"body": ""})
    assert response.status_code == 400
    assert f'src="{NOCOOKIE}"' in response.content.decode()
    assert frame_sources(response) == ["https://www.youtube-nocookie.com"]


def test_feeds_keep_the_card(client, story):
    switch("youtube", True)
    feed = client.get("/feed/").content.decode()
    assert "embed-card" in feed and "iframe" not in feed and "youtube-nocookie" not in feed


def test_pages_show_players_too(client, db):
    switch("youtube", True)
    page = PageFactory(slug="about", body="<p>Who we are.</p>" + card(YOUTUBE))
    response = client.get(page.get_absolute_url())
    assert f'src="{NOCOOKIE}"' in response.content.decode()
    assert frame_sources(response) == ["https://www.youtube-nocookie.com"]


# --- who may switch ------------------------------------------------------------------------


def change_url(slug: str) -> str:
    return reverse("admin:articles_embedprovider_change", args=[EmbedProvider.objects.get(slug=slug).pk])


def test_a_journalist_cannot_enable_a_provider(client, journalist):
    client.force_login(journalist)
    assert client.get(reverse("admin:articles_embedprovider_changelist")).status_code == 403
    assert client.get(change_url("youtube")).status_code == 403
    response = client.post(change_url("youtube"), {"enabled": "on"})
    assert response.status_code == 403
    assert not EmbedProvider.objects.get(slug="youtube").enabled


def test_an_editor_enables_and_disables_a_provider_in_the_admin(client, editor):
    client.force_login(editor)
    changelist = reverse("admin:articles_embedprovider_changelist")
    assert client.get(changelist).status_code == 200
    response = client.post(change_url("youtube"), {"enabled": "on"})
    assert response.status_code == 302
    assert EmbedProvider.objects.get(slug="youtube").enabled
    # Neither added nor deleted: the table is the list of known players.
    assert client.get(reverse("admin:articles_embedprovider_add")).status_code == 403
    assert client.post(change_url("youtube"), {}).status_code == 302
    assert not EmbedProvider.objects.get(slug="youtube").enabled


# --- cached pages ----------------------------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.PAGECACHE_ENABLED = True


def test_switching_a_provider_invalidates_cached_pages_that_show_its_cards(client, story, editor, page_cache):
    other = ArticleFactory(title="No video here")
    url = story.get_absolute_url()
    cached = test_pagecache.warm(client, url)
    assert "<iframe" not in cached.content.decode()
    test_pagecache.warm(client, other.get_absolute_url())
    etag = cached["ETag"]

    desk = client.__class__()
    desk.force_login(editor)
    assert desk.post(change_url("youtube"), {"enabled": "on"}).status_code == 302

    response = client.get(url)
    assert f'src="{NOCOOKIE}"' in response.content.decode()
    assert response["ETag"] != etag  # a browser's copy with the card is not revalidated
    assert frame_sources(response) == ["https://www.youtube-nocookie.com"]
    # A page without YouTube cards was not touched.
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"

    test_pagecache.warm(client, url)
    assert desk.post(change_url("youtube"), {}).status_code == 302
    response = client.get(url)
    assert "<iframe" not in response.content.decode() and frame_sources(response) is None


def test_a_cached_page_with_players_costs_no_query(client, story, page_cache, django_assert_num_queries):
    switch("youtube", True)
    test_pagecache.warm(client, story.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(story.get_absolute_url())
    assert response["X-Page-Cache"] == "hit" and "<iframe" in response.content.decode()
    assert frame_sources(response) == ["https://www.youtube-nocookie.com"]


# --- cards written in the body editor --------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        f"<p>{YOUTUBE}</p>",
        f'<p><a href="{YOUTUBE}">{YOUTUBE}</a></p>',  # the editor links a pasted address
        # A card the editor flattened to a paragraph with one link:
        f'<p><a href="{YOUTUBE}">YouTube Watch on YouTube youtube.com/watch?v=aqz-KE-bpKQ</a></p>',
    ],
)
def test_an_address_pasted_on_its_own_line_becomes_the_imported_link_card(db, written):
    from wordpress.formatting import embed_card

    article = ArticleFactory(body=f"<p>Before.</p>{written}<p>After.</p>")
    assert article.body == f"<p>Before.</p>{clean_html(embed_card(YOUTUBE).strip())}<p>After.</p>"


@pytest.mark.parametrize(
    "written",
    [
        f'<p><a href="{YOUTUBE}">the launch video</a></p>',  # a link with words of its own
        f"<p>See {YOUTUBE} for the launch.</p>",  # an address inside a sentence
        "<p>https://example.org/some/page</p>",  # no known player
        "<p>https://www.youtube.com/channel/UC1234</p>",  # a YouTube page that is no video
    ],
)
def test_other_links_stay_links(db, written):
    assert ArticleFactory(body=written).body == clean_html(written)


# --- the player of each provider ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "slug", "player"),
    [
        (YOUTUBE, "youtube", NOCOOKIE),
        ("https://youtu.be/aqz-KE-bpKQ?t=90", "youtube", NOCOOKIE + "?start=90"),
        ("https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=1m5s", "youtube", NOCOOKIE + "?start=65"),
        ("https://m.youtube.com/shorts/aqz-KE-bpKQ", "youtube", NOCOOKIE),
        ("https://vimeo.com/76979871", "vimeo", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://vimeo.com/76979871/abc123",
            "vimeo",
            "https://player.vimeo.com/video/76979871?dnt=1&h=abc123",
        ),
        (
            "https://twitter.com/example/status/20",
            "x",
            "https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true",
        ),
        (
            "https://soundcloud.com/artist/a-track",
            "soundcloud",
            "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fartist%2Fa-track"
            "&visual=false&show_comments=false",
        ),
        (
            "https://open.spotify.com/episode/4uLU6hMCjMI75M1A2tKUQC",
            "spotify",
            "https://open.spotify.com/embed/episode/4uLU6hMCjMI75M1A2tKUQC",
        ),
        (
            "https://www.dailymotion.com/video/x7tgad0",
            "dailymotion",
            "https://www.dailymotion.com/embed/video/x7tgad0",
        ),
        ("https://www.youtube.com/watch?v=short", None, None),
        ("https://vimeo.com/about", None, None),
        ("https://x.com/example", None, None),
        ("https://youtube.com.evil.example/watch?v=aqz-KE-bpKQ", None, None),
        ("javascript://youtube.com/%0aalert(1)", None, None),
    ],
)
def test_the_player_address_of_each_provider(url, slug, player):
    found = embeds.player_for(url)
    assert (found[0].slug, found[1]) == (slug, player) if slug else found is None


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_page_with_players_and_cards_passes_the_nu_html_checker(client, db, language):
    from tests import vnu

    for slug in ("youtube", "soundcloud", "x"):
        switch(slug, True)
    body = card(YOUTUBE, "Drone <em>footage</em>.") + card("https://soundcloud.com/artist/a-track")
    story = ArticleFactory(title="بند", language="fa", body=body + card(X_POST) + card("https://vimeo.com/1"))
    client.cookies["django_language"] = language
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.count("<iframe") == 3 and html.count('class="embed-card"') == 1
    # vnu notes that allow-scripts with allow-same-origin lets a frame of this site's own origin
    # lift its sandbox; players are always on another origin, and need both to play.
    errors = [e for e in vnu.check({f"{language} players": html}) if "allow-same-origin” is not" not in e]
    assert errors == []
