"""Pictures inside the body: uploaded through the picker, checked, given renditions."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, BodyImage
from tests.factories import ArticleFactory

from .test_admin_images import jpeg_bytes, png_bomb, stored_files

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_bodyimage_add")
PICKER = reverse("admin:articles_bodyimage_picker")


def upload(
    client, content, name="market.jpg", alt="Traders at a market in Herat", query="?CKEditorFuncNum=3"
):
    file = SimpleUploadedFile(name, content, content_type="image/jpeg")
    return client.post(ADD + query, {"image": file, "alt_text": alt, "caption": "Herat, March", "credit": ""})


def test_journalist_uploads_from_the_picker_and_returns_to_it(client, journalist, settings):
    client.force_login(journalist)
    response = upload(client, jpeg_bytes())
    assert response.status_code == 302
    assert response["Location"] == PICKER + "?CKEditorFuncNum=3"
    image = BodyImage.objects.get()
    assert image.uploaded_by == journalist
    assert [size["width"] for size in image.renditions["sizes"]] == [480, 800, 1200, 1600]
    for size in image.renditions["sizes"]:
        assert (Path(settings.MEDIA_ROOT) / size["webp"]).is_file()

    picker = client.get(response["Location"])
    html = picker.content.decode()
    assert picker.status_code == 200
    assert 'data-func-num="3"' in html
    assert f'data-url="{image.image.url}"' in html
    assert 'src="/static/js/body-image-picker.js"' in html


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not an image" * 100, "Upload a valid image"), (png_bomb(), "10000 × 10000 pixels")],
    ids=["fake-jpg", "png-bomb"],
)
def test_bad_body_images_are_refused_and_nothing_stored(client, journalist, settings, content, message):
    client.force_login(journalist)
    response = upload(client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BodyImage.objects.exists()
    assert stored_files(settings) == []


def test_alt_text_is_required(client, journalist):
    client.force_login(journalist)
    response = upload(client, jpeg_bytes(), alt="")
    assert response.status_code == 200
    assert "alt_text" in response.context["adminform"].form.errors
    assert not BodyImage.objects.exists()


def test_moderator_has_no_picker(client, moderator):
    client.force_login(moderator)
    assert client.get(PICKER).status_code == 403
    assert upload(client, jpeg_bytes()).status_code == 403


def test_body_images_get_srcset_when_the_article_is_saved(client, journalist):
    client.force_login(journalist)
    upload(client, jpeg_bytes())
    image = BodyImage.objects.get()
    body = (
        f'<figure><img src="{image.image.url}" alt="Traders"><figcaption>Herat</figcaption></figure>'
        '<p><img src="https://example.org/elsewhere.jpg" alt="Elsewhere"></p>'
    )
    article = ArticleFactory(body=body, status=Article.Status.DRAFT)
    stored = Article.objects.get(pk=article.pk).body
    assert f'src="{image.image.url}"' in stored
    for size in image.renditions["sizes"]:
        assert f"/media/{size['fallback']} {size['width']}w" in stored
    assert 'loading="lazy"' in stored and 'width="1800" height="1200"' in stored
    assert "<figcaption>Herat</figcaption>" in stored
    assert '<img src="https://example.org/elsewhere.jpg" alt="Elsewhere">' in stored

    # The editor drops srcset when it re-serializes; the next save puts it back.
    article.body = body
    article.save()
    assert Article.objects.get(pk=article.pk).body == stored


def test_the_editor_image_button_opens_the_picker(client, journalist):
    client.force_login(journalist)
    article = ArticleFactory(created_by=journalist, status=Article.Status.DRAFT)
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "pickerUrl&quot;:&quot;/admin/articles/bodyimage/picker/" in html


def test_the_picker_searches_as_the_admin_list_does(client, journalist):
    client.force_login(journalist)
    upload(client, jpeg_bytes(), alt="Traders at a market in Herat")
    upload(client, jpeg_bytes(), name="dam.jpg", alt="The Salma dam at dusk")
    market, dam = BodyImage.objects.order_by("pk")
    BodyImage.objects.filter(pk=dam.pk).update(credit="Zahra Ahmadi")

    def found(query):
        html = client.get(PICKER, {"q": query}).content.decode()
        return {image.pk for image in (market, dam) if f'data-url="{image.image.url}"' in html}

    assert found("") == {market.pk, dam.pk}
    assert found("herat traders") == {market.pk}  # every word, in any order
    assert found("Ahmadi") == {dam.pk}  # the credit too
    assert found("nowhere") == set()


def test_an_uploaded_picture_cannot_be_swapped_under_the_bodies_that_use_it(client, editor):
    client.force_login(editor)
    upload(client, jpeg_bytes())
    image = BodyImage.objects.get()
    original, renditions = image.image.name, image.renditions
    change = reverse("admin:articles_bodyimage_change", args=[image.pk])
    assert 'type="file"' not in client.get(change).content.decode()
    replacement = SimpleUploadedFile("other.jpg", jpeg_bytes(), content_type="image/jpeg")
    fields = {"image": replacement, "alt_text": "New words", "caption": "", "credit": ""}
    response = client.post(change, fields)
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.image.name, image.renditions, image.alt_text) == (original, renditions, "New words")
