"""Embeds in bodies: a link card, stored; the provider's own player, where an editor enabled it.

A body keeps an embed (a YouTube video, a post on X) as a link card: provider,
"Watch on …", address. Readers' browsers contact nobody until they follow the
link, and the card needs nothing the Content-Security-Policy forbids. An editor
may enable, per provider (``EmbedProvider`` in the admin), its player: every
card of that provider is then shown as an ``<iframe>`` of the provider's most
private player address, when the page is rendered (so switching a provider
off takes effect on every page at once), and the policy's ``frame-src``
lists exactly the enabled players' hosts (``ContentSecurityPolicyMiddleware``).
Feeds keep the card.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from csp.middleware import CSPMiddleware
from django.db import DatabaseError
from django.utils.html import escape, strip_tags
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from newsroom import pagecache

# --- known players -------------------------------------------------------------------------
# Cross-origin players need their own scripts and storage; nothing else (no forms, no top
# navigation). Popups let "Watch on YouTube" open the provider's page in a new tab.
SANDBOX = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")


def _youtube(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    parts = [part for part in path.split("/") if part]
    if host == "youtu.be" and parts:
        video = parts[0]
    elif parts == ["watch"]:
        video = query.get("v", [""])[0]
    elif len(parts) == 2 and parts[0] in ("shorts", "embed", "live", "v"):
        video = parts[1]
    else:
        return None
    if not _YOUTUBE_ID.match(video):
        return None
    address = f"https://www.youtube-nocookie.com/embed/{video}"
    start = _DURATION.match((query.get("t") or query.get("start") or [""])[0])
    if start and any(start.groups()):
        hours, minutes, seconds = (int(n or 0) for n in start.groups())
        address += f"?start={hours * 3600 + minutes * 60 + seconds}"
    return address


_VIMEO = re.compile(r"^/(?:channels/[\w-]+/|groups/[\w-]+/videos/|video/)?(\d+)(?:/([0-9a-f]+))?/?$")


def _vimeo(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    found = _VIMEO.match(path)
    if not found:
        return None
    video, unlisted = found.groups()
    # dnt=1: Vimeo's player sets no cookie and records no session.
    return f"https://player.vimeo.com/video/{video}?dnt=1" + (f"&h={unlisted}" if unlisted else "")


_POST = re.compile(r"^/\w{1,15}/status(?:es)?/(\d+)/?")


def _x(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    found = _POST.match(path)
    return f"https://platform.twitter.com/embed/Tweet.html?id={found.group(1)}&dnt=true" if found else None


_SOUNDCLOUD = re.compile(r"^/[\w-]+/(?:sets/)?[\w-]+/?$")


def _soundcloud(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    if not _SOUNDCLOUD.match(path):
        return None
    track = quote(f"https://soundcloud.com{path.rstrip('/')}", safe="")
    return f"https://w.soundcloud.com/player/?url={track}&visual=false&show_comments=false"


_SPOTIFY = re.compile(r"^/(?:intl-[\w-]+/)?(track|album|playlist|episode|show|artist)/([A-Za-z0-9]{22})/?$")


def _spotify(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    found = _SPOTIFY.match(path)
    return "https://open.spotify.com/embed/{}/{}".format(*found.groups()) if found else None


_DAILYMOTION = re.compile(r"^/(?:video/)?([a-z0-9]{5,12})(?:_[^/]*)?/?$")


def _dailymotion(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    if host != "dai.ly" and not path.startswith("/video/"):
        return None
    found = _DAILYMOTION.match(path)
    return f"https://www.dailymotion.com/embed/video/{found.group(1)}" if found else None


@dataclass(frozen=True)
class Player:
    """A provider whose link cards can become its player."""

    slug: str
    name: str
    hosts: tuple[str, ...]  # of the provider's own pages, without "www." or "m."
    frame_host: str  # where its player lives: what frame-src lists once it is enabled
    kind: str  # video, audio or post: the frame's size and title
    address: Callable[[str, str, dict[str, list[str]]], str | None]  # the player for a page, if any
    allow: str = ""
    sandbox: str = SANDBOX


_VIDEO_ALLOW = "fullscreen; picture-in-picture; encrypted-media"
PLAYERS: dict[str, Player] = {
    player.slug: player
    for player in (
        Player(
            "youtube", "YouTube", ("youtube.com", "youtu.be"), "www.youtube-nocookie.com", "video",
            _youtube, _VIDEO_ALLOW, SANDBOX + " allow-presentation",
        ),
        Player(
            "vimeo", "Vimeo", ("vimeo.com",), "player.vimeo.com", "video",
            _vimeo, _VIDEO_ALLOW, SANDBOX + " allow-presentation",
        ),
        Player(
            "dailymotion", "Dailymotion", ("dailymotion.com", "dai.ly"), "www.dailymotion.com", "video",
            _dailymotion, _VIDEO_ALLOW, SANDBOX + " allow-presentation",
        ),
        Player("x", "X", ("x.com", "twitter.com"), "platform.twitter.com", "post", _x),
        Player("soundcloud", "SoundCloud", ("soundcloud.com",), "w.soundcloud.com", "audio", _soundcloud),
        Player(
            "spotify", "Spotify", ("open.spotify.com",), "open.spotify.com", "audio",
            _spotify, "encrypted-media",
        ),
    )
}  # fmt: skip


def page_host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def player_for(url: str) -> tuple[Player, str] | None:
    """The known player of the page at ``url`` and the player's address, or None."""
    host = page_host(url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    for player in PLAYERS.values():
        if any(host == known or host.endswith("." + known) for known in player.hosts):
            address = player.address(host, parts.path or "/", parse_qs(parts.query))
            return (player, address) if address else None
    return None


# --- the card ------------------------------------------------------------------------------
def card_address(url: str) -> str:
    """How a card writes its address: host without "www.", path and query."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    return host + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


def link_card(url: str, provider: str, caption: str = "", kind: str = "") -> str:
    """The link card of an embed: provider, what following it does, address; ``caption`` is HTML."""
    if kind == "video":
        title = _("Watch on %(provider)s") % {"provider": provider}
    elif kind == "audio":
        title = _("Listen on %(provider)s") % {"provider": provider}
    else:
        title = _("View on %(provider)s") % {"provider": provider}
    figcaption = f"<figcaption>{caption}</figcaption>" if caption.strip() else ""
    return (
        f'<figure class="embed-card"><a href="{escape(url)}">'
        f'<span class="embed-provider">{escape(provider)}</span> '
        f'<strong class="embed-title">{escape(title)}</strong> '
        f'<span class="embed-address">{escape(card_address(url))}</span></a>{figcaption}</figure>'
    )


# A paragraph holding nothing but an address, linked or not (what pasting a URL on its own line
# gives in the body editor), or a link whose text is a card's (a card the editor flattened).
_LONE_LINK = re.compile(
    r'<p(?:\s[^>]*)?>\s*(?:<a\s[^>]*?href="(?P<href>[^"]+)"[^>]*>(?P<text>(?:(?!</a>).)*)</a>'
    r"|(?P<url>https?://[^\s<>\"]+))\s*(?:<br\s*/?>\s*)?</p>",
    re.I | re.S,
)


def cards_for_lone_links(body: str) -> str:
    """Turn each paragraph that is only the address of a known player's page into its link card.

    As WordPress turns a URL alone on its line into an embed. Other links stay links.
    """
    if "http" not in body:
        return body

    def replace(found: re.Match) -> str:
        url = html.unescape(found.group("href") or found.group("url")).strip()
        known = player_for(url)
        if known is None:
            return found.group(0)
        if found.group("href") is not None:
            text = " ".join(html.unescape(strip_tags(found.group("text"))).split())
            if text.rstrip("/") != url.rstrip("/") and not text.endswith(card_address(url)):
                return found.group(0)  # a link with words of its own
        player = known[0]
        return link_card(url, player.name, kind=player.kind)

    return _LONE_LINK.sub(replace, body)


# --- the player, at display time -----------------------------------------------------------
_CARD = re.compile(
    r'<figure class="embed-card"><a href="(?P<href>[^"]+)"[^>]*>(?P<inner>(?:(?!</a>).)*)</a>'
    r"(?:<figcaption>(?P<caption>(?:(?!</figcaption>).)*)</figcaption>)?</figure>",
    re.S,
)
_CARD_TITLE = re.compile(r'<strong class="embed-title">(.*?)</strong>', re.S)


def frame_title(player: Player) -> str:
    if player.kind == "video":
        return _("%(provider)s video") % {"provider": player.name}
    if player.kind == "audio":
        return _("%(provider)s audio") % {"provider": player.name}
    return _("%(provider)s post") % {"provider": player.name}


def _frame(player: Player, address: str, href: str, inner: str, caption: str, lang: str) -> str:
    title = _CARD_TITLE.search(inner)
    link = f'<a href="{href}" rel="noopener noreferrer">{title.group(1) if title else escape(href)}</a>'
    allow = f' allow="{player.allow}"' if player.allow else ""
    fullscreen = " allowfullscreen" if player.kind == "video" else ""
    return (
        f'<figure class="embed-player embed-player-{player.kind}">'
        f'<iframe src="{escape(address)}" title="{escape(frame_title(player))}"{lang} loading="lazy" '
        f'referrerpolicy="strict-origin-when-cross-origin" sandbox="{player.sandbox}"{allow}{fullscreen}>'
        f"</iframe><figcaption>{caption + ' ' if caption else ''}{link}</figcaption></figure>"
    )


def with_players(body: str, enabled: Iterable[str], content_language: str = "") -> tuple[str, set[str]]:
    """``body`` with the cards of enabled providers as players, and the providers whose cards it shows.

    ``content_language``: the body's, when it is not the page's; the frame's title is
    in the page's language and then says so.
    """
    if 'class="embed-card"' not in body:
        return body, set()
    enabled, shown = set(enabled), set()
    lang = ""
    if content_language:
        lang = f' lang="{get_language()}" dir="{"rtl" if get_language_bidi() else "ltr"}"'

    def replace(found: re.Match) -> str:
        known = player_for(html.unescape(found.group("href")))
        if known is None:
            return found.group(0)
        player, address = known
        shown.add(player.slug)
        if player.slug not in enabled:
            return found.group(0)
        return _frame(
            player, address, found.group("href"), found.group("inner"), found.group("caption") or "", lang
        )

    return _CARD.sub(replace, body), shown


def enabled_players() -> frozenset[str]:
    """The slugs of the providers whose player an editor enabled, shared by every process."""
    from .models import EmbedProvider

    def lookup() -> frozenset[str]:
        return frozenset(EmbedProvider.objects.filter(enabled=True).values_list("slug", flat=True))

    return pagecache.remember("embed-players", [pagecache.list_tag(EmbedProvider)], lookup)


def frame_sources() -> list[str]:
    """What ``frame-src`` allows: the hosts of the enabled players, nothing else."""
    return sorted({f"https://{PLAYERS[slug].frame_host}" for slug in enabled_players() if slug in PLAYERS})


# Set on a page that shows a player (kept with it in the page cache); the middleware below
# turns it into frame-src and removes it.
PLAYERS_HEADER = "X-Newsroom-Players"


def shows_players(request) -> None:
    """Note that the page being rendered for ``request`` shows at least one player."""
    request._shows_players = True


def mark_response(request, response) -> None:
    if getattr(request, "_shows_players", False):
        response[PLAYERS_HEADER] = "1"


class PlayersMixin:
    """For a detail view whose body may show players: the mark rides on the page the cache stores."""

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response.add_post_render_callback(lambda rendered: mark_response(self.request, rendered))
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; on a page with players, ``frame-src`` names the enabled players' hosts.

    Every other page has no ``frame-src`` (``default-src 'self'`` applies; the
    site frames nothing of its own) and costs no lookup. With the database
    away, none either: frames are refused.
    """

    def process_response(self, request, response):
        if response.has_header(PLAYERS_HEADER):
            del response[PLAYERS_HEADER]
            try:
                sources = frame_sources()
            except DatabaseError:
                sources = []
            if sources:
                update = getattr(response, "_csp_update", None) or {}
                response._csp_update = {**update, "frame-src": sources}
        return super().process_response(request, response)
