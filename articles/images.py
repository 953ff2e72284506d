"""Checks on uploaded images, and library images inside article bodies.

An upload is inspected from its header (format, pixel count) and its size
before Pillow decodes it, so a decompression bomb or a renamed file is a form
error instead of a crash. The pixels themselves are handled by the media
library (``library.images``), once, never on a reader's request.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.html import format_html
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 8000 x 5000 photo; a 10000 x 10000 bomb is refused


def validate_image_upload(upload) -> None:
    """Refuse files that are not images we serve, too big, or too many pixels."""
    if getattr(upload, "_committed", False):
        # Already stored (and checked when it was uploaded): re-saving a form
        # that keeps its image must not reopen the file, which may be closed
        # or live on remote storage.
        return
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is %(size)s MB; the largest allowed is %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": MAX_UPLOAD_BYTES // 1024 // 1024},
            code="too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        # Image.open reads only the header: no pixel data is decoded here.
        with Image.open(upload) as image:
            fmt, (width, height) = image.format, image.size
            if fmt not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Upload a JPEG, PNG, WebP or GIF image; this file is %(format)s.") % {"format": fmt},
                    code="bad_format",
                )
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _(
                        "The image is %(width)s × %(height)s pixels; the most allowed "
                        "is %(limit)s million pixels."
                    )
                    % {"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000},
                    code="too_many_pixels",
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF."),
            code="not_an_image",
        )
    finally:
        if position is not None:
            upload.seek(position)


_IMG_TAG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"', re.IGNORECASE)


def body_image_ref(src: str) -> str:
    """What identifies a library image in a body ``src``: its key, or a pre-library stored name."""
    key = _KEY_IN_URL.search(src)
    if key:
        return key.group(1)
    base = default_storage.url("")
    return src[len(base) :] if base and src.startswith(base) else ""


_KEY_IN_URL = re.compile(r"/library/([0-9a-f]{32})/")


def responsive_body_images(html: str, find: Callable[[set[str]], dict[str, dict]]) -> str:
    """Write each library image of a body with its current renditions.

    ``html`` is already sanitized (nh3 writes every attribute as name="value"),
    so a small pattern is enough. ``find`` maps references (see
    ``body_image_ref``) to ``img`` attributes in one query. The alt text
    written in the editor is kept; an empty one takes the library's. Images
    from elsewhere are left as they are.
    """
    if "<img" not in html:
        return html
    tags = [(match, dict(_ATTRIBUTE.findall(match.group(1)))) for match in _IMG_TAG.finditer(html)]
    refs = {body_image_ref(unescape(attrs.get("src", ""))) for _match, attrs in tags} - {""}
    found = find(refs) if refs else {}
    if not found:
        return html
    pieces, position = [], 0
    for match, attrs in tags:
        current = found.get(body_image_ref(unescape(attrs.get("src", ""))))
        if not current or not current.get("src"):
            continue
        alt = unescape(attrs.get("alt", "")) or current["alt"]
        tag = format_html(
            '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy">',
            current["src"],
            current["srcset"],
            current["sizes"],
            current["width"],
            current["height"],
            alt,
        )
        pieces += [html[position : match.start()], tag]
        position = match.end()
    pieces.append(html[position:])
    return "".join(pieces)
