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
import re
from collections import Counter

from django.utils.html import escape, strip_tags

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


class Shortcodes:
    """Expands what we can express in HTML and strips the rest, counting both."""

    def __init__(self) -> None:
        self.converted: Counter[str] = Counter()
        self.stripped: Counter[str] = Counter()

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
            replacement = _link(attrs.get("src") or attrs.get("mp3") or attrs.get("mp4") or inner)
            (self.converted if replacement else self.stripped)[name] += 1
            return replacement
        self.stripped[name] += 1
        return inner

    def _self_closing(self, match: re.Match) -> str:
        name, raw = match.group("name"), match.group("attrs")
        attrs = _attrs(raw)
        if name not in CORE_SHORTCODES and not attrs:
            return match.group(0)  # "[sic]", "[citation needed]": ordinary text, not a shortcode
        if name in ("audio", "video", "embed") and (attrs.get("src") or attrs.get("mp3") or attrs.get("mp4")):
            self.converted[name] += 1
            return _link(attrs.get("src") or attrs.get("mp3") or attrs.get("mp4"))
        self.stripped[name] += 1
        return ""


def convert_body(raw: str, shortcodes: Shortcodes) -> str:
    """A WordPress ``post_content`` as article HTML (before sanitizing)."""
    text = shortcodes.expand(raw)
    if "<!-- wp:" in raw:
        # Block-editor posts are stored as finished HTML; WordPress skips wpautop for them too.
        return text
    text = _BARE_URL_LINE.sub(lambda m: _link(m.group(1)), text)
    return autop(text)


def plain_text(raw: str) -> str:
    """Text for plain fields (title, dek, reply body): no tags, entities decoded."""
    return html.unescape(strip_tags(raw)).strip()


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
