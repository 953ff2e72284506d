"""Checks on uploaded images, before Pillow decodes them.

An upload is inspected from its header (format, pixel count) and its size
before Pillow decodes it, so a decompression bomb or a renamed file is a form
error instead of a crash. The pixels themselves are handled once, never on a
reader's request (``library.images``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 8000 x 5000 photo; a 10000 x 10000 bomb is refused


def validate_image_upload(upload) -> None:
    """Refuse files that are not images we serve, too big, or too many pixels."""
    from PIL import Image, UnidentifiedImageError  # 3 MiB: loaded by the workers that take uploads

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
    except Image.DecompressionBombError:  # Pillow refuses to open past ~179 million: no size is known
        raise ValidationError(
            _("The image has far more pixels than the %(limit)s million allowed.")
            % {"limit": MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        )
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF."),
            code="not_an_image",
        )
    finally:
        if position is not None:
            upload.seek(position)
