"""Generated illustrations for the demo articles: layered hills under a sky."""

import hashlib
import io
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    ((32, 58, 96), (236, 170, 110), (70, 52, 44)),
    ((18, 40, 60), (120, 170, 200), (40, 70, 60)),
    ((80, 30, 40), (240, 200, 140), (90, 60, 40)),
    ((40, 40, 70), (200, 190, 220), (50, 50, 80)),
    ((20, 70, 80), (230, 220, 170), (60, 80, 50)),
]


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def landscape(seed: str, size=(1600, 1000)) -> bytes:
    """A JPEG picture that depends only on ``seed``."""
    rng = random.Random(hashlib.sha256(seed.encode()).hexdigest())
    top, horizon, ground = rng.choice(PALETTES)
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(top, horizon, min(1, y / (height * 0.7))))
    sun_x, sun_y, radius = rng.randint(200, width - 200), rng.randint(120, 380), rng.randint(50, 110)
    draw.ellipse([sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=(250, 235, 200))
    for layer in range(4):
        base = int(height * (0.45 + layer * 0.13))
        points, x = [(0, height)], 0
        while x <= width:
            points.append((x, base - rng.randint(0, 160 - layer * 30)))
            x += rng.randint(80, 220)
        points += [(width, base), (width, height)]
        draw.polygon(points, fill=_mix(horizon, ground, 0.35 + layer * 0.2))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def portrait(seed: str, size=(400, 400)) -> bytes:
    """A simple head-and-shoulders silhouette on a coloured ground."""
    rng = random.Random(seed)
    background, _, figure = rng.choice(PALETTES)
    image = Image.new("RGB", size, _mix(background, (255, 255, 255), 0.3))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.ellipse([w * 0.32, h * 0.18, w * 0.68, h * 0.56], fill=figure)
    draw.ellipse([w * 0.12, h * 0.6, w * 0.88, h * 1.3], fill=figure)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
