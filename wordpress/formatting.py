"""WordPress post bodies → the HTML our articles store.

WordPress keeps classic-editor posts as text with line breaks and turns them
into paragraphs only when it displays them (``wpautop``); it also expands
shortcodes such as ``[caption]`` at display time. We do both once, at import:
blank lines become paragraphs, single line breaks ``<br>``, known shortcodes
become HTML and the rest are stripped (and counted, so the summary says what
was lost). Sanitizing is not done here: ``Article.save()`` does it, the same
as for the admin.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections import Counter
from typing import Protocol
from urllib.parse import urlsplit

from django.utils.html import escape, strip_tags

from articles.embeds import link_card
from newsroom.text import clean_input

BLOCK_TAGS = (
    "address|article|aside|blockquote|caption|col|colgroup|dd|details|div|dl|dt|fieldset|figcaption|"
    "figure|footer|form|h[1-6]|header|hgroup|hr|li|math|menu|nav|ol|p|pre|section|summary|table|tbody|"
    "td|tfoot|th|thead|tr|ul"
)
_OPEN_BLOCK = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.I)
_CLOSE_BLOCK = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.I)
_STARTS_WITH_BLOCK = re.compile(rf"^</?(?:{BLOCK_TAGS})[\s/>]", re.I)
# Kept verbatim: no paragraphs or <br> inside preformatted text, scripts and styles.
_VERBATIM = re.compile(r"<(pre|script|style)[\s>].*?</\1>", re.I | re.S)
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
# A URL alone on its line: WordPress shows it as an embed; we keep it as a link.
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)

# Shortcode names are lower-case words; an enclosing one has a matching closer.
_ENCLOSING = re.compile(
    r"\[(?P<name>[a-z][a-z0-9_-]*)(?P<attrs>\s[^\]]*)?\](?P<inner>.*?)\[/(?P=name)\]", re.S
)
_SELF_CLOSING = re.compile(r"\[(?P<name>[a-z][a-z0-9_-]*)(?P<attrs>\s[^\]]*?)?\s*/?\]")
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"]+))""")
_ESCAPED = re.compile(r"\[\[(.*?)\]\]", re.S)
# Core WordPress shortcodes: recognised even without attributes or a closer.
CORE_SHORTCODES = {"caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist"}


def autop(text: str) -> str:
    """Paragraphs from blank lines, ``<br>`` from single line breaks, block tags left alone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ""
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\n\n\x00{len(kept) - 1}\x00\n\n"

    text = _VERBATIM.sub(keep, text)
    text = _OPEN_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSE_BLOCK.sub(r"\n\n\1\n\n", text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if out and _CLOSE_BLOCK.fullmatch(chunk):
            out[-1] += chunk  # "<li>a" + "</li>": split only to find the paragraphs
        elif _STARTS_WITH_BLOCK.match(chunk) or _PLACEHOLDER.fullmatch(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    return _PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], "\n".join(out))


def _attrs(raw: str | None) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR.finditer(raw or "")
    }


def _caption(attrs: dict[str, str], inner: str) -> str:
    # The image (possibly wrapped in a link) comes first; the rest is the caption.
    match = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.S | re.I)
    if match:
        image, caption = match.group(1), match.group(2).strip()
    else:
        image, caption = inner.strip(), ""
    caption = caption or attrs.get("caption", "")
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"\n\n<figure>{image}{figcaption}</figure>\n\n"


def _link(url: str) -> str:
    url = url.strip()
    if not re.match(r"^https?://", url):
        return ""
    return f'\n\n<p><a href="{escape(url)}">{escape(url)}</a></p>\n\n'


# --- embeds ---------------------------------------------------------------------------
# Known oEmbed providers by host, for the card's provider line (WordPress's own list is longer;
# any other host is named by its address).
PROVIDERS = {
    "youtube.com": "YouTube", "youtu.be": "YouTube", "vimeo.com": "Vimeo", "twitter.com": "X",
    "x.com": "X", "facebook.com": "Facebook", "instagram.com": "Instagram", "soundcloud.com": "SoundCloud",
    "open.spotify.com": "Spotify", "tiktok.com": "TikTok", "flickr.com": "Flickr", "reddit.com": "Reddit",
    "dailymotion.com": "Dailymotion", "ted.com": "TED", "scribd.com": "Scribd",
    "slideshare.net": "SlideShare", "mixcloud.com": "Mixcloud", "tumblr.com": "Tumblr",
    "wordpress.tv": "WordPress.tv",
}  # fmt: skip


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def provider_name(url: str, slug: str = "") -> str:
    host = _host(url)
    for known, name in PROVIDERS.items():
        if host == known or host.endswith("." + known):
            return name
    return slug.replace("-", " ").title() if slug and slug != "wordpress" else host


VIDEO_PROVIDERS = {"YouTube", "Vimeo", "Dailymotion", "TED", "WordPress.tv", "TikTok"}
AUDIO_PROVIDERS = {"SoundCloud", "Spotify", "Mixcloud"}


def embed_card(url: str, provider_slug: str = "", caption: str = "", kind: str = "") -> str:
    """A link card for an oEmbed URL (the site's own, articles.embeds.link_card): no third-party code.

    Readers' browsers contact the provider only when they follow the link, or
    when an editor has enabled that provider's player (shown in the card's place).
    """
    url = html.unescape(url.strip())
    if not re.match(r"^https?://", url):
        return ""
    provider = provider_name(url, provider_slug)
    if not kind:
        kind = "video" if provider in VIDEO_PROVIDERS else "audio" if provider in AUDIO_PROVIDERS else ""
    return f"\n\n{link_card(url, provider, caption, kind)}\n\n"


# --- media ----------------------------------------------------------------------------
class Media(Protocol):
    """What body conversion needs to know of the old site's uploads (see importer.media)."""

    def by_id(self, wp_id: int) -> Attached | None: ...

    def by_url(self, url: str) -> Attached | None: ...

    def attached_to(self, post_id: int) -> list[Attached]: ...

    def is_old_site(self, url: str) -> bool: ...

    def missing(self, url: str) -> None: ...


class Attached(Protocol):
    wp_id: int
    url: str  # on the old site
    here: str  # on this site ("" when the file could not be imported)
    full: str  # what a link to the file should open: an image's largest rendition
    alt: str
    caption: str
    kind: str  # image, audio, video, document
    width: int | None
    height: int | None


def _player(kind: str, url: str, media: Media | None, caption: str = "") -> str:
    """``<audio>``/``<video>`` with the imported file, or a link when the file lives elsewhere."""
    url = html.unescape(url.strip())
    found = media.by_url(url) if media is not None and url else None
    figcaption = f"<figcaption>{caption}</figcaption>" if caption.strip() else ""
    if found is not None and found.here:
        here = escape(found.here)
        return (
            f'\n\n<figure class="media-player"><{kind} controls preload="metadata" src="{here}">'
            f'<a href="{here}">{escape(posixpath.basename(found.here))}</a></{kind}>'
            f"{figcaption}</figure>\n\n"
        )
    if media is not None and media.is_old_site(url):
        media.missing(url)
        name = posixpath.basename(urlsplit(url).path)
        return f"\n\n<p>{escape(name)}</p>\n\n" if name else ""
    return _link(url)


def gallery(items: list[Attached], columns: int = 3, caption: str = "") -> str:
    """A figure grid of library images; a missing file leaves its alt text, not a broken image."""
    columns = min(max(columns, 1), 6)
    figures = []
    for item in items:
        figcaption = f"<figcaption>{escape(item.caption)}</figcaption>" if item.caption else ""
        if item.here and item.kind == "image":
            size = f' width="{item.width}" height="{item.height}"' if item.width and item.height else ""
            figures.append(
                f'<figure><img src="{escape(item.here)}" alt="{escape(item.alt)}"{size}>{figcaption}</figure>'
            )
        elif item.alt or item.caption:
            figures.append(f"<figure><p>{escape(item.alt or item.caption)}</p></figure>")
    if not figures:
        return ""
    outer = f"<figcaption>{escape(caption)}</figcaption>" if caption.strip() else ""
    return f'\n\n<figure class="gallery gallery-columns-{columns}">{"".join(figures)}{outer}</figure>\n\n'


_IMG = re.compile(r"<img\b[^>]*>", re.I)
_A_OPEN = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']*)["'][^>]*>""", re.I)
_A_CLOSE = re.compile(r"</a\s*>", re.I)
_HTML_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'">]+))""")
_MEDIA_TAG = re.compile(r"<(audio|video|source)\b[^>]*>", re.I)


def _html_attrs(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _HTML_ATTR.finditer(tag)
    }


def rewrite_media(text: str, media: Media) -> str:
    """Images, links and players pointing at the old site's uploads → this site's copies.

    An ``<img>`` becomes the library image (the article's save adds its
    srcset), whatever size variant it named; a missing one is replaced by its
    alt text. A link to an upload points at the imported file, or is
    unwrapped (its text kept) when the file is missing.
    """

    def image(match: re.Match) -> str:
        attrs = _html_attrs(match.group(0))
        src = attrs.get("src", "")
        if not media.is_old_site(src):
            return match.group(0)
        found = media.by_url(src)
        class_id = re.search(r"\bwp-image-(\d+)\b", attrs.get("class", ""))
        if found is None and class_id:
            found = media.by_id(int(class_id.group(1)))
        alt = attrs.get("alt", "") or (found.alt if found else "")
        if found is None or not found.here or found.kind != "image":
            media.missing(found.url if found is not None else src)
            return f"<span>{escape(alt)}</span>" if alt else ""
        size = f' width="{found.width}" height="{found.height}"' if found.width and found.height else ""
        return f'<img src="{escape(found.here)}" alt="{escape(alt)}"{size}>'

    def player(match: re.Match) -> str:
        tag = match.group(0)
        src = _html_attrs(tag).get("src", "")
        if not src or not media.is_old_site(src):
            return tag
        found = media.by_url(src)
        if found is None or not found.here:
            media.missing(found.url if found is not None else src)
            return re.sub(r"""\ssrc\s*=\s*(["']).*?\1""", "", tag)
        return re.sub(r"""(\ssrc\s*=\s*)(["']).*?\2""", lambda m: f'{m.group(1)}"{escape(found.here)}"', tag)

    text = _IMG.sub(image, text)
    text = _MEDIA_TAG.sub(player, text)
    pieces, position, unwrap = [], 0, 0
    for match in re.finditer(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']*)["'][^>]*>|</a\s*>""", text, re.I):
        pieces.append(text[position : match.start()])
        position = match.end()
        if match.group(0).lower().startswith("</a"):
            if unwrap:
                unwrap -= 1
            else:
                pieces.append(match.group(0))
            continue
        href = html.unescape(match.group(1))
        found = media.by_url(href) if media.is_old_site(href) and _looks_like_upload(href) else None
        if found is not None and found.here:
            target = found.full or found.here  # an image: its largest rendition, not the original
            pieces.append(match.group(0).replace(match.group(1), escape(target), 1))
        elif _looks_like_upload(href) and media.is_old_site(href):
            media.missing(href)
            unwrap += 1
        else:
            pieces.append(match.group(0))
    pieces.append(text[position:])
    return "".join(pieces)


def _looks_like_upload(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return "/wp-content/uploads/" in path or bool(re.search(r"\.[a-z0-9]{2,4}$", path))


class Shortcodes:
    """Expands what we can express in HTML and strips the rest, counting both.

    ``media`` (the import's uploads) lets galleries, captions and players use
    the imported files; without it they fall back to links.
    """

    def __init__(self, media: Media | None = None) -> None:
        self.converted: Counter[str] = Counter()
        self.stripped: Counter[str] = Counter()
        self.media = media
        self.post_id = 0

    def expand(self, text: str) -> str:
        escaped: list[str] = []

        def hold(match: re.Match) -> str:
            escaped.append(f"[{match.group(1)}]")
            return f"\x01{len(escaped) - 1}\x01"

        text = _ESCAPED.sub(hold, text)
        previous = None
        while previous != text:  # innermost first, so nested shortcodes unwrap too
            previous = text
            text = _ENCLOSING.sub(self._enclosing, text)
        text = _SELF_CLOSING.sub(self._self_closing, text)
        return re.sub(r"\x01(\d+)\x01", lambda m: escaped[int(m.group(1))], text)

    def _enclosing(self, match: re.Match) -> str:
        name, attrs, inner = match.group("name"), _attrs(match.group("attrs")), match.group("inner")
        if name in ("caption", "wp_caption"):
            self.converted[name] += 1
            return _caption(attrs, inner)
        if name in ("embed", "audio", "video"):
            return self.media_shortcode(name, attrs, inner)
        self.stripped[name] += 1
        return inner

    def _self_closing(self, match: re.Match) -> str:
        name, raw = match.group("name"), match.group("attrs")
        attrs = _attrs(raw)
        if name not in CORE_SHORTCODES and not attrs:
            return match.group(0)  # "[sic]", "[citation needed]": ordinary text, not a shortcode
        if name == "gallery" and self.media is not None:
            return self._gallery(attrs)
        if name in ("audio", "video", "embed"):
            return self.media_shortcode(name, attrs, "")
        self.stripped[name] += 1
        return ""

    def media_shortcode(self, name: str, attrs: dict[str, str], inner: str) -> str:
        url = _source(attrs) or inner.strip()
        if name == "embed":
            replacement = embed_card(url)
        else:
            replacement = _player(name, url, self.media) if re.match(r"^https?://", url) else ""
        (self.converted if replacement else self.stripped)[name] += 1
        return replacement

    def _gallery(self, attrs: dict[str, str]) -> str:
        """``[gallery ids="1,2"]``, or ``[gallery]``: the images attached to the post, in their order."""
        media = self.media
        ids = [int(n) for n in re.findall(r"\d+", attrs.get("ids") or attrs.get("include") or "")]
        if ids:
            items = []
            for wp_id in ids:
                item = media.by_id(wp_id)
                if item is None:
                    media.missing(f"attachment {wp_id}")
                else:
                    items.append(item)
        else:
            excluded = {int(n) for n in re.findall(r"\d+", attrs.get("exclude", ""))}
            items = [
                item
                for item in media.attached_to(self.post_id)
                if item.wp_id not in excluded and item.kind == "image"
            ]
        for item in items:
            if not item.here:
                media.missing(item.url)
        columns = int(attrs["columns"]) if attrs.get("columns", "").isdigit() else 3
        replacement = gallery(items, columns)
        (self.converted if replacement else self.stripped)["gallery"] += 1
        return replacement

    # --- block editor ---------------------------------------------------------------
    def blocks(self, text: str) -> str:
        """Embed, gallery, audio and video blocks, whose saved HTML needs WordPress to show."""
        return _BLOCK.sub(self._block, text)

    def _block(self, match: re.Match) -> str:
        name, inner = match.group("name"), match.group("inner")
        try:
            attrs = json.loads(match.group("json") or "{}")
        except ValueError:
            attrs = {}
        attrs = attrs if isinstance(attrs, dict) else {}
        caption = _figcaption(inner)
        if name == "embed" or name.startswith("core-embed/"):
            url = str(attrs.get("url") or "") or _first_url(inner)
            slug = str(attrs.get("providerNameSlug") or name.partition("/")[2])
            replacement = embed_card(
                url, provider_slug=slug, caption=caption, kind=str(attrs.get("type", ""))
            )
            label = "embed block"
        elif name in ("audio", "video"):
            wp_id = str(attrs.get("id", ""))
            found = self.media.by_id(int(wp_id)) if self.media is not None and wp_id.isdigit() else None
            src = found.url if found is not None else _html_attrs(_first_tag(inner, name)).get("src", "")
            replacement = _player(name, src, self.media, caption) if src else ""
            label = f"{name} block"
        elif name == "gallery" and self.media is not None:
            columns = attrs.get("columns") if isinstance(attrs.get("columns"), int) else 3
            replacement = gallery(self._gallery_items(inner), columns, strip_tags(_outer_caption(inner)))
            label = "gallery block"
        else:
            return match.group(0)
        (self.converted if replacement else self.stripped)[label] += 1
        return replacement

    def _gallery_items(self, inner: str) -> list:
        media, items = self.media, []
        for image_tag, item_caption in _GALLERY_ITEM.findall(inner):
            attrs = _html_attrs(image_tag)
            classes = re.findall(r"wp-image-(\d+)", attrs.get("class", ""))
            wp_id = attrs.get("data-id", "") or (classes[0] if classes else "")
            found = media.by_id(int(wp_id)) if wp_id.isdigit() else None
            found = found or media.by_url(attrs.get("src", ""))
            if found is None:
                media.missing(attrs.get("src", "") or f"attachment {wp_id}")
                continue
            if not found.here:
                media.missing(found.url)
            items.append(_Captioned(found, strip_tags(item_caption).strip() or found.caption))
        return items


class _Captioned:
    """An attachment with the caption a gallery gave it."""

    def __init__(self, item: Attached, caption: str):
        self._item, self.caption = item, caption

    def __getattr__(self, name):
        return getattr(self._item, name)


_BLOCK = re.compile(
    r"<!--\s*wp:(?P<name>embed|core-embed/[a-z0-9-]+|gallery|audio|video)(?:\s+(?P<json>\{.*?\}))?\s*/?-->"
    r"(?P<inner>.*?)<!--\s*/wp:(?P=name)\s*-->",
    re.S,
)
_GALLERY_ITEM = re.compile(
    r"(<img\b[^>]*>)(?:\s*</a>)?\s*(?:<figcaption[^>]*>(.*?)</figcaption>)?", re.S | re.I
)


def _figcaption(inner: str) -> str:
    captions = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", inner, re.S | re.I)
    return captions[-1].strip() if captions else ""


def _outer_caption(inner: str) -> str:
    """A gallery block's own caption, after its last image's figure (not an image's caption)."""
    body = re.sub(r"</figure>\s*$", "", inner.strip(), flags=re.I)
    end = body.lower().rfind("</figure>")
    match = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", body[end:] if end >= 0 else "", re.S | re.I)
    return match.group(1) if match else ""


def _first_url(text: str) -> str:
    match = re.search(r"https?://[^\s<>\"']+", text)
    return match.group(0) if match else ""


def _first_tag(text: str, name: str) -> str:
    match = re.search(rf"<{name}\b[^>]*>", text, re.I)
    if match and "src=" in match.group(0):
        return match.group(0)
    source = re.search(r"<source\b[^>]*>", text, re.I)
    return source.group(0) if source else ""


def _source(attrs: dict[str, str]) -> str:
    for key in ("src", "mp3", "m4a", "ogg", "wav", "mp4", "m4v", "webm", "ogv", "flv"):
        if attrs.get(key):
            return attrs[key]
    return ""


def convert_body(raw: str, shortcodes: Shortcodes, post_id: int = 0) -> str:
    """A WordPress ``post_content`` as article HTML (before sanitizing)."""
    shortcodes.post_id = post_id
    text = shortcodes.expand(shortcodes.blocks(raw))
    if "<!-- wp:" not in raw:
        # Block-editor posts are stored as finished HTML; WordPress skips wpautop for them too.
        text = _BARE_URL_LINE.sub(lambda m: shortcodes.media_shortcode("embed", {}, m.group(1)), text)
        text = autop(text)
    if shortcodes.media is not None:
        text = rewrite_media(text, shortcodes.media)
    return re.sub(r"<p>\s*</p>\n?", "", text)


def plain_text(raw: str) -> str:
    """Text for plain fields (title, dek, reply body): no tags, entities decoded, and cleaned as a
    reader's input is (no bidi overrides or control characters: newsroom.text.clean_input)."""
    return clean_input(html.unescape(strip_tags(raw)), multiline=True).strip()


_LINK = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>""", re.I | re.S)


def reply_text(raw: str) -> str:
    """A WordPress comment as the plain text our replies store (links kept as visible URLs)."""

    def link(match: re.Match) -> str:
        url, text = match.group(1).strip(), strip_tags(match.group(2)).strip()
        return url if not text or text == url else f"{text} ({url})"

    text = _LINK.sub(link, raw)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</p>\s*<p[^>]*>", "\n\n", text, flags=re.I)
    return plain_text(text)
