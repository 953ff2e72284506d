"""Turn one checked upload into a clean master and its renditions, in a child process.

Run as ``python -m library.process`` with a JSON job on stdin; it prints a
JSON description of the files it wrote into the job's output folder. It
imports Pillow and nothing of Django, so the child starts small, and the
memory a 40-megapixel decode needs is given back to the system when it
exits instead of staying in a web worker (see bench/image_memory.py).

What comes out carries no EXIF, XMP, IPTC, GPS or comment data: pixels are
turned upright by the EXIF orientation first, colours are converted to sRGB
when the file embeds another profile, and every file is written by Pillow
from bare pixels with no metadata passed on.
"""

from __future__ import annotations

import io
import json
import os
import sys

from PIL import Image, ImageCms, features

# Pillow transpositions that undo each EXIF orientation (TIFF tag 274).
_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_QUALITY = {"JPEG": 82, "WEBP": 80, "AVIF": 60}


def _fit(width: int, height: int, edge: int) -> tuple[int, int]:
    """``width`` × ``height`` scaled down so the long side is at most ``edge``."""
    scale = min(1.0, edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def decode(path: str, max_pixels: int, edge: int) -> Image.Image:
    """The upright, sRGB pixels of ``path``, no larger than ``edge`` on the long side.

    A JPEG is decoded at 1/2, 1/4 or 1/8 scale when that still covers
    ``edge`` (``draft``); other formats are decoded whole, then reduced by a
    whole factor before any fine resize, so one full-size bitmap exists at a
    time (see bench/image_memory.py).
    """
    Image.MAX_IMAGE_PIXELS = max_pixels
    # Opened from a path, Pillow closes the file itself once the pixels are loaded.
    source = Image.open(path)
    orientation = source.getexif().get(274, 1)
    icc = source.info.get("icc_profile")
    wanted = _fit(*source.size, edge)
    if source.format == "JPEG":
        source.draft("RGB", wanted)
    has_alpha = source.mode in ("RGBA", "LA", "PA") or "transparency" in source.info
    target = "RGBA" if has_alpha else "RGB"
    source.load()  # an animated GIF or WebP gives its first frame
    if icc:
        image = _to_srgb(source, icc, target)
    else:
        image = source if source.mode == target else source.convert(target)
    del source
    # The nearest whole factor: 6320 px for a 3200 px master is halved to 3160
    # rather than resized in one step, which would hold two full-size copies.
    factor = round(max(image.width / wanted[0], image.height / wanted[1]))
    if factor >= 2 and image.mode == "RGBA":
        # Pillow reduces RGBA through a premultiplied full-size copy (+160 MB at
        # 40 megapixels); band by band the extra is one band. Averaging without
        # premultiplying only tints edge pixels of transparent areas, which the
        # fine resize below blends anyway.
        image = Image.merge("RGBA", [image.getchannel(band).reduce(factor) for band in range(4)])
    elif factor >= 2:
        image = image.reduce(factor)
    if image.width < wanted[0] or image.height < wanted[1]:
        wanted = image.size  # never enlarged
    if image.size != wanted:
        image = image.resize(wanted, Image.Resampling.LANCZOS)
    method = _ORIENTATION.get(orientation)
    if method is not None:
        image = image.transpose(method)
    # Pillow carries a source's info (comment, EXIF, XMP, ICC) into copies and
    # writes some of it back on save: nothing of the upload goes further.
    image.info = {}
    return image


def _to_srgb(image: Image.Image, icc: bytes, target: str) -> Image.Image:
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        image = image.convert(target)
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(
            image, profile, ImageCms.createProfile("sRGB"), outputMode=target
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        converted = None
    # An unreadable profile: the pixels as they are, without it.
    return converted if converted is not None else image.convert(target)


def crop_box(width: int, height: int, ratio: tuple[int, int], focal: tuple[float, float]) -> tuple:
    """The largest ``ratio`` box inside the image, centred on the focal point as far as it fits."""
    rw, rh = ratio
    box_w, box_h = width, round(width * rh / rw)
    if box_h > height:
        box_w, box_h = round(height * rw / rh), height
    fx, fy = (min(max(value, 0.0), 1.0) for value in focal)
    left = min(max(round(fx * width - box_w / 2), 0), width - box_w)
    top = min(max(round(fy * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def _save(image: Image.Image, folder: str, stem: str, fmt: str) -> str:
    ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}[fmt]
    path = os.path.join(folder, f"{stem}.{ext}")
    options: dict = {"optimize": True} if fmt in ("PNG", "JPEG") else {}
    if fmt in _QUALITY:
        options["quality"] = _QUALITY[fmt]
    if fmt == "AVIF":
        options["speed"] = 8
    if fmt == "JPEG":
        options["progressive"] = True
    image.save(path, fmt, **options)
    return os.path.basename(path)


def run(job: dict) -> dict:
    folder = job["output"]
    master = decode(job["source"], job["max_pixels"], job["master_edge"])
    has_alpha = master.mode == "RGBA"
    fallback = "PNG" if has_alpha else "JPEG"
    formats = [("fallback", fallback), ("webp", "WEBP")]
    if job.get("avif") and features.check("avif"):
        formats.append(("avif", "AVIF"))
    result = {
        "master": {
            "file": _save_master(master, folder, fallback),
            "width": master.width,
            "height": master.height,
        },
        "sizes": [],
        "crops": {},
    }
    widths = sorted({w for w in job["widths"] if w < master.width} | {min(master.width, max(job["widths"]))})
    for width in widths:
        height = max(1, round(master.height * width / master.width))
        resized = master.resize((width, height), Image.Resampling.LANCZOS)
        entry = {"width": width, "height": height}
        for key, fmt in formats:
            entry[key] = _save(resized, folder, f"{width}", fmt)
        result["sizes"].append(entry)
    focal = (job["focal_x"], job["focal_y"])
    for name, (rw, rh, width) in job["crops"].items():
        box = crop_box(master.width, master.height, (rw, rh), focal)
        cropped = master.crop(box)
        if cropped.width > width:
            cropped = cropped.resize((width, round(width * rh / rw)), Image.Resampling.LANCZOS)
        entry = {"width": cropped.width, "height": cropped.height}
        for key, fmt in formats[:2]:
            entry[key] = _save(cropped, folder, f"{name}-{cropped.width}", fmt)
        result["crops"][name] = entry
    return result


def _save_master(image: Image.Image, folder: str, fmt: str) -> str:
    path = os.path.join(folder, "master." + ("png" if fmt == "PNG" else "jpg"))
    if fmt == "PNG":
        image.save(path, "PNG", optimize=True)
    else:
        image.save(path, "JPEG", quality=90, optimize=True)
    return os.path.basename(path)


def main() -> int:
    job = json.load(sys.stdin)
    try:
        result = run(job)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        json.dump({"error": f"{type(error).__name__}: {error}"}, sys.stdout)
        return 1
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
