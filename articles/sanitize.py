"""The allowlist that article bodies pass through on every save.

Anything not named here (scripts, event handlers, iframes, styles,
``javascript:`` URLs) is removed, whatever path the HTML came in by: the
admin editor, an import or the shell.
"""

import re

from newsroom.text import BIDI_CONTROLS

ALLOWED_TAGS = {
    "a",
    "abbr",
    "audio",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "del",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "video",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
    "ol": {"start", "reversed"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    # Players of files on this site (CSP media-src 'self'); never autoplaying.
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "width", "height", "poster"},
    "source": {"src", "type"},
    "*": {"lang", "dir"},
}
# The only classes bodies keep: the photo credit the editor writes into a body image's caption
# (styled like the featured image's credit), and the layouts our stylesheet gives galleries,
# embed cards and players (imported from WordPress).
ALLOWED_CLASSES = {
    "span": {"credit", "embed-provider", "embed-address"},
    "figure": {"gallery", "embed-card", "media-player"} | {f"gallery-columns-{n}" for n in range(1, 7)},
    "strong": {"embed-title"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html: str) -> str:
    """Return ``html`` with everything outside the allowlist removed."""
    if not html:
        return ""
    import nh3  # loaded by the workers that save: 1.5 MiB less in those that only serve pages

    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    cleaned = cleaned.translate(_NO_BIDI_CONTROLS)
    return _without_empty_pictures(cleaned) if "<img" in cleaned else cleaned


# Embeddings, overrides and isolates, which turn the text around them (a file name shown
# backwards): removed as from readers' input. Direction belongs in dir="…", which is allowed;
# the marks LRM, RLM and ALM stay.
_NO_BIDI_CONTROLS = dict.fromkeys(map(ord, BIDI_CONTROLS))


# nh3 writes every attribute as name="value", so these small patterns are enough.
_IMG_WITHOUT_FILE = re.compile(r'<img(?![^>]*\ssrc="[^"])[^>]*>')
_FIGURE_WITHOUT_PICTURE = re.compile(r"<figure>\s*(?:<figcaption>(.*?)</figcaption>)?\s*</figure>", re.S)


def _without_empty_pictures(html: str) -> str:
    """An ``<img>`` with no file (an editor's figure typed over, a refused src) is no picture; a
    figure left with only its caption becomes a paragraph of it."""
    html = _IMG_WITHOUT_FILE.sub("", html)
    return _FIGURE_WITHOUT_PICTURE.sub(lambda m: f"<p>{m.group(1)}</p>" if m.group(1) else "", html)
