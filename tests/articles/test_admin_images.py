"""Featured image uploads through the admin form (issue 4, point 3)."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory

from .admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def jpeg_bytes(size=(1800, 1200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 150)).save(buffer, "JPEG")
    return buffer.getvalue()


def png_bytes(size=(900, 600)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (200, 40, 40, 128)).save(buffer, "PNG")
    return buffer.getvalue()


def png_bomb(width=10_000, height=10_000) -> bytes:
    """A real, valid 1-bit PNG of 100 million pixels that weighs a few KB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    pixels = zlib.compress(row * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def article(journalist):
    return ArticleFactory(
        status=Article.Status.DRAFT,
        publish_at=None,
        authors=[AuthorFactory(user=journalist)],
    )


def upload(client, article, name, content, content_type="image/jpeg"):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(
        client.get(url),
        featured_image=SimpleUploadedFile(name, content, content_type=content_type),
        image_alt="A street in Kabul",
        _workflow="draft",
    )
    return client.post(url, data)


@pytest.mark.parametrize(
    ("name", "content", "fallback"),
    [("street.jpg", jpeg_bytes(), ".jpg"), ("map.png", png_bytes(), ".png")],
)
def test_valid_images_get_renditions_on_save(client, journalist, article, settings, name, content, fallback):
    client.force_login(journalist)
    response = upload(client, article, name, content)
    assert response.status_code == 302
    article.refresh_from_db()
    sizes = article.renditions["sizes"]
    widths = settings.NEWSROOM_RENDITION_WIDTHS
    expected = {w for w in widths if w < article.image_width} | {min(article.image_width, max(widths))}
    assert [size["width"] for size in sizes] == sorted(expected)
    media = Path(settings.MEDIA_ROOT)
    for size in sizes:
        assert (media / size["fallback"]).is_file() and size["fallback"].endswith(fallback)
        assert (media / size["webp"]).is_file() and size["webp"].endswith(".webp")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.jpg", b"%PDF-1.4 this is not a picture at all" * 50, "Upload a valid image"),
        ("bomb.png", png_bomb(), "10000 × 10000 pixels"),
        ("huge.jpg", jpeg_bytes((200, 200)) + b"\0" * (30 * 1024 * 1024), "The image is 30.0 MB"),
    ],
    ids=["fake-jpg", "png-bomb", "30-MB"],
)
def test_bad_uploads_are_refused_with_a_clear_message_and_nothing_stored(
    client, journalist, article, settings, name, content, message
):
    client.force_login(journalist)
    response = upload(client, article, name, content)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "featured_image" in errors, errors
    assert message in " ".join(errors["featured_image"])
    assert message in response.content.decode()
    article.refresh_from_db()
    assert not article.featured_image
    assert article.renditions == {}
    assert stored_files(settings) == []


def test_the_bomb_is_refused_before_pixels_are_decoded(monkeypatch):
    """The check reads the header only: decoding is never reached."""
    from articles import images

    def refuse_decode(self, *args, **kwargs):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(Image.Image, "load", refuse_decode)
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", refuse_decode)
    bomb = SimpleUploadedFile("bomb.png", png_bomb(), content_type="image/png")
    with pytest.raises(images.ValidationError) as caught:
        images.validate_image_upload(bomb)
    assert caught.value.code == "too_many_pixels"


def test_alt_text_is_required_with_a_featured_image(client, journalist, article):
    client.force_login(journalist)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(
        client.get(url),
        featured_image=SimpleUploadedFile("street.jpg", jpeg_bytes(), content_type="image/jpeg"),
        image_alt="",
        _workflow="draft",
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "image_alt" in response.context["adminform"].form.errors


def test_an_article_that_keeps_its_image_saves_again(client, journalist, article, settings):
    """Re-saving a form whose image is already stored must not re-read the file."""
    client.force_login(journalist)
    assert upload(client, article, "street.jpg", jpeg_bytes()).status_code == 302
    article.refresh_from_db()
    first = article.renditions
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, change_form_data(client.get(url), title="Retitled", _workflow="draft"))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.title == "Retitled"
    assert article.renditions == first
