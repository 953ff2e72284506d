"""Checks on uploaded images and the renditions made from them.

An upload is inspected from its header (format, pixel count) and its size
before Pillow decodes it, so a decompression bomb or a renamed file is a form
error instead of a crash. Renditions are made once, when the image is saved,
never on a reader's request.
"""

from __future__ import annotations

import io
import posixpath
import re
from collections.abc import Callable
from html import unescape

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
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


def make_renditions(name: str) -> dict:
    """Write resized JPEG/PNG and WebP copies of the stored image ``name``.

    Returns the description stored on the article: the source name, its size
    and, per width, the stored names of each format.
    """
    widths = settings.NEWSROOM_RENDITION_WIDTHS
    with default_storage.open(name, "rb") as handle, Image.open(handle) as original:
        original.load()
        source_width, source_height = original.size
        has_alpha = original.mode in ("RGBA", "LA") or "transparency" in original.info
        base = original.convert("RGBA" if has_alpha else "RGB")
    stem = posixpath.splitext(posixpath.join("renditions", name))[0]
    fallback_ext, fallback_format = ("png", "PNG") if has_alpha else ("jpg", "JPEG")
    sizes = []
    targets = [w for w in widths if w < source_width] + [min(source_width, max(widths))]
    for width in sorted(set(targets)):
        height = round(source_height * width / source_width)
        resized = base.resize((width, height), Image.Resampling.LANCZOS)
        entry = {"width": width, "height": height}
        for key, ext, fmt in (("fallback", fallback_ext, fallback_format), ("webp", "webp", "WEBP")):
            buffer = io.BytesIO()
            options = {"quality": 82} if fmt in ("JPEG", "WEBP") else {"optimize": True}
            resized.save(buffer, fmt, **options)
            stored = default_storage.save(f"{stem}-{width}.{ext}", ContentFile(buffer.getvalue()))
            entry[key] = stored
        sizes.append(entry)
    return {"source": name, "width": source_width, "height": source_height, "sizes": sizes}


def refresh_renditions(field_file, renditions: dict) -> dict:
    """The renditions for the image now in ``field_file``: ``renditions`` if still its own.

    A new upload is stored first (its final name may differ) and the old
    renditions are deleted; no image, no renditions.
    """
    name = field_file.name if field_file else ""
    if renditions.get("source") == name:
        return renditions
    if renditions:
        delete_renditions(renditions)
    if name and not getattr(field_file, "_committed", True):
        field_file.save(name, field_file.file, save=False)
        name = field_file.name
    return make_renditions(name) if name else {}


def delete_renditions(renditions: dict) -> None:
    for entry in renditions.get("sizes", []):
        for key in ("fallback", "webp"):
            if entry.get(key):
                default_storage.delete(entry[key])


BODY_IMAGE_SIZES = "(min-width: 48rem) 46rem, 100vw"
_IMG_TAG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"', re.IGNORECASE)


def responsive_body_images(html: str, lookup: Callable[[set[str]], dict[str, dict]]) -> str:
    """Give each <img> of an uploaded body image its renditions as srcset.

    ``html`` is already sanitized (nh3 writes every attribute as name="value"),
    so a small pattern is enough. ``lookup`` maps stored names to renditions
    in one query. Images from elsewhere are left as they are.
    """
    if "<img" not in html:
        return html
    base = default_storage.url("")
    tags = [(match, dict(_ATTRIBUTE.findall(match.group(1)))) for match in _IMG_TAG.finditer(html)]
    names = {
        unescape(attrs["src"])[len(base) :]
        for _match, attrs in tags
        if unescape(attrs.get("src", "")).startswith(base)
    }
    found = lookup(names)
    if not found:
        return html
    pieces, position = [], 0
    for match, attrs in tags:
        src = unescape(attrs.get("src", ""))
        renditions = found.get(src[len(base) :]) if src.startswith(base) else None
        if not renditions or not renditions.get("sizes"):
            continue
        srcset = ", ".join(
            f"{default_storage.url(size['fallback'])} {size['width']}w" for size in renditions["sizes"]
        )
        # src stays the original, so the editor and the next save recognise it.
        tag = format_html(
            '<img src="{}" alt="{}" srcset="{}" sizes="{}" width="{}" height="{}" loading="lazy">',
            src,
            unescape(attrs.get("alt", "")),
            srcset,
            BODY_IMAGE_SIZES,
            renditions["width"],
            renditions["height"],
        )
        pieces += [html[position : match.start()], tag]
        position = match.end()
    pieces.append(html[position:])
    return "".join(pieces)
