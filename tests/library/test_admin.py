"""The library in the admin: uploads and their checks, the chooser, the featured image field, body figures."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as Picture

from articles.models import Article
from library.models import Image
from tests.articles.admin_forms import change_form_data
from tests.factories import ArticleFactory, AuthorFactory, PageFactory, UserFactory, library_image

pytestmark = pytest.mark.django_db


def jpeg_bytes(size=(1800, 1200)) -> bytes:
    buffer = io.BytesIO()
    Picture.new("RGB", size, (30, 90, 150)).save(buffer, "JPEG")
    return buffer.getvalue()


def png_bytes(size=(900, 600)) -> bytes:
    buffer = io.BytesIO()
    Picture.new("RGBA", size, (200, 40, 40, 128)).save(buffer, "PNG")
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


ADD = reverse("admin:library_image_add")
CHOOSER = reverse("admin:library_image_chooser")
CHOOSER_UPLOAD = reverse("admin:library_image_chooser_upload")


@pytest.fixture
def article(journalist):
    return ArticleFactory(
        status=Article.Status.DRAFT,
        publish_at=None,
        authors=[AuthorFactory(user=journalist)],
    )


def upload(client, name, content, content_type="image/jpeg", url=ADD, **details):
    data = {"title": "", "alt_text": "A street in Kabul", "caption": "", "credit": "", **details}
    data["upload"] = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(url, data)


@pytest.mark.parametrize(
    ("name", "content", "fallback"),
    [("street.jpg", jpeg_bytes(), ".jpg"), ("logo.png", png_bytes(), ".png")],
    ids=["jpeg", "png-with-alpha"],
)
def test_an_upload_in_the_library_gets_renditions(client, journalist, settings, name, content, fallback):
    client.force_login(journalist)
    response = upload(client, name, content)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    image = Image.objects.get()
    assert image.uploaded_by == journalist and image.alt_text == "A street in Kabul"
    media = Path(settings.MEDIA_ROOT)
    widths = [size["width"] for size in image.renditions["sizes"]]
    assert widths == sorted(widths) and widths[0] == 480
    for size in image.renditions["sizes"]:
        assert (media / size["fallback"]).is_file() and size["fallback"].endswith(fallback)
        assert (media / size["webp"]).is_file() and size["webp"].endswith(".webp")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.jpg", b"%PDF-1.4 this is not a picture at all" * 50, "not an image we can read"),
        ("bomb.png", png_bomb(), "10000 × 10000 pixels"),
        ("huge.jpg", jpeg_bytes((200, 200)) + b"\0" * (30 * 1024 * 1024), "The image is 30.0 MB"),
    ],
    ids=["fake-jpg", "png-bomb", "30-MB"],
)
def test_bad_uploads_are_refused_with_a_clear_message_and_nothing_stored(
    client, journalist, settings, name, content, message
):
    client.force_login(journalist)
    response = upload(client, name, content)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors["upload"])
    assert message in response.content.decode()
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_alt_text_is_required_for_an_upload(client, journalist, settings):
    client.force_login(journalist)
    response = upload(client, "street.jpg", jpeg_bytes(), alt_text="")
    assert "alt_text" in response.context["adminform"].form.errors
    assert not Image.objects.exists()


def test_the_chooser_searches_title_caption_and_credit(client, journalist):
    market = library_image(title="Herat market", caption="Traders at a market in Herat")
    dam = library_image(title="Salma dam", credit="Zahra Ahmadi")
    client.force_login(journalist)

    def found(query):
        html = client.get(CHOOSER, {"q": query}).content.decode()
        return {image.pk for image in (market, dam) if f'data-id="{image.pk}"' in html}

    assert found("") == {market.pk, dam.pk}
    assert found("herat traders") == {market.pk}  # every word, in any order
    assert found("Ahmadi") == {dam.pk}  # the credit too
    assert found("salma") == {dam.pk}  # the title
    assert found("nowhere") == set()


def test_the_chooser_is_staff_only(client, moderator):
    assert client.get(CHOOSER).status_code == 302  # to the login
    client.force_login(moderator)
    assert client.get(CHOOSER).status_code == 403
    assert upload(client, "x.jpg", jpeg_bytes(), url=CHOOSER_UPLOAD).status_code == 403
    assert not Image.objects.exists()


def test_uploading_inside_the_chooser_answers_the_image_or_the_errors(client, journalist, settings):
    client.force_login(journalist)
    response = upload(client, "kabul-street.jpg", jpeg_bytes(), url=CHOOSER_UPLOAD, credit="Staff")
    assert response.status_code == 201
    data = response.json()["image"]
    image = Image.objects.get()
    assert data["id"] == image.pk and data["title"] == "kabul street"
    assert data["thumb"] == image.crop("thumb")["url"]
    assert "Photo: Staff" in data["figure"] and image.file.name not in data["figure"]
    refused = upload(client, "bomb.png", png_bomb(), url=CHOOSER_UPLOAD)
    assert refused.status_code == 400
    assert "10000 × 10000 pixels" in " ".join(refused.json()["errors"]["upload"])
    assert Image.objects.count() == 1


def test_the_featured_image_is_chosen_from_the_library(client, journalist, article):
    picture = library_image(alt_text="Traders on a bridge", credit="Jane")
    client.force_login(journalist)
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = client.get(url).content.decode()
    assert 'class="image-chooser"' in page and CHOOSER in page
    response = client.post(
        url, change_form_data(client.get(url), featured_image=picture.pk, _workflow="draft")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.featured_image == picture


def test_an_image_without_alt_text_cannot_be_featured(client, journalist, article):
    picture = library_image(alt_text="")
    client.force_login(journalist)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(
        url, change_form_data(client.get(url), featured_image=picture.pk, _workflow="draft")
    )
    assert "alt text" in " ".join(response.context["adminform"].form.errors["featured_image"])


def test_a_body_figure_gets_the_current_renditions_and_follows_a_new_focal_point(settings):
    picture = library_image(size=(1600, 1000), caption="Herat", credit="Zahra Ahmadi")
    article = ArticleFactory(body="<p>Before.</p>" + picture.figure_html() + "<p>After.</p>")
    assert picture.srcset() in article.body and "Photo: Zahra Ahmadi" in article.body
    assert picture.file.name not in article.body
    picture.focal_x = 0.1
    picture.save()
    article.refresh_from_db()
    assert "/2/" in picture.src and picture.src in article.body
    assert picture.srcset() in article.body


@pytest.mark.parametrize("factory", [ArticleFactory, PageFactory])
def test_an_image_used_in_a_body_cannot_be_deleted(client, editor, factory):
    picture = library_image()
    factory(title="Uses it", body=picture.figure_html())
    client.force_login(editor)
    response = client.post(reverse("admin:library_image_delete", args=[picture.pk]), {"post": "yes"})
    assert "In the body of “Uses it”" in response.content.decode()
    assert Image.objects.filter(pk=picture.pk).exists()


def test_the_bomb_is_refused_before_pixels_are_decoded(monkeypatch):
    """The check reads the header only: decoding is never reached."""
    from library import uploads

    def refuse_decode(self, *args, **kwargs):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(Picture.Image, "load", refuse_decode)
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", refuse_decode)
    bomb = SimpleUploadedFile("bomb.png", png_bomb(), content_type="image/png")
    with pytest.raises(uploads.ValidationError) as caught:
        uploads.validate_image_upload(bomb)
    assert caught.value.code == "too_many_pixels"


@pytest.mark.parametrize("side", [14_000, 20_000])  # 196 and 400 million: past Pillow's own limit
def test_a_far_larger_bomb_gets_the_pixel_message_too(side):
    from library import uploads

    bomb = SimpleUploadedFile("bomb.png", png_bomb(side, side), content_type="image/png")
    with pytest.raises(uploads.ValidationError) as caught:
        uploads.validate_image_upload(bomb)
    assert caught.value.code == "too_many_pixels"
    assert "40 million" in caught.value.messages[0]


def test_an_article_that_keeps_its_image_saves_again(client, journalist, article):
    picture = library_image()
    article.featured_image = picture
    article.save()
    client.force_login(journalist)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, change_form_data(client.get(url), title="Retitled", _workflow="draft"))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    article.refresh_from_db()
    assert (article.title, article.featured_image) == ("Retitled", picture)


def test_deleting_an_unused_image_removes_its_files(
    client, editor, settings, django_capture_on_commit_callbacks
):
    picture = library_image()
    names = [picture.file.name, *(size["fallback"] for size in picture.renditions["sizes"])]
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:library_image_delete", args=[picture.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.exists()
    assert not any((Path(settings.MEDIA_ROOT) / name).exists() for name in names)


# --- who may change an image: its description shows wherever it is used --------------------------
def change_image(client, picture, **fields):
    url = reverse("admin:library_image_change", args=[picture.pk])
    names = ["title", "alt_text", "caption", "credit", "focal_x", "focal_y"]
    data = {**{name: getattr(picture, name) for name in names}, **fields}
    return client.post(url, data)


@pytest.mark.parametrize(
    "shown_by",
    [
        lambda picture: ArticleFactory(featured_image=picture),
        lambda picture: ArticleFactory(body=picture.figure_html()),
        lambda picture: PageFactory(body=picture.figure_html()),
    ],
    ids=["featured-on-a-published-article", "in-a-published-body", "in-a-published-page"],
)
def test_a_journalist_cannot_change_an_image_readers_see(client, journalist, editor, shown_by):
    picture = library_image(credit="Zahra Ahmadi", uploaded_by=journalist)
    shown_by(picture)
    client.force_login(journalist)
    assert change_image(client, picture, credit="Someone else").status_code == 403
    picture.refresh_from_db()
    assert picture.credit == "Zahra Ahmadi"
    client.force_login(editor)
    assert change_image(client, picture, credit="Zahra Ahmadi/AFP").status_code == 302
    picture.refresh_from_db()
    assert picture.credit == "Zahra Ahmadi/AFP"


def test_a_journalist_changes_their_own_upload_until_readers_see_it(client, journalist):
    mine = library_image(uploaded_by=journalist)
    ArticleFactory(featured_image=mine, status=Article.Status.DRAFT, publish_at=None)
    colleagues = library_image(uploaded_by=UserFactory())
    client.force_login(journalist)
    assert change_image(client, mine, alt_text="Women queue for bread in Herat").status_code == 302
    assert change_image(client, colleagues, alt_text="Changed").status_code == 403
    mine.refresh_from_db()
    colleagues.refresh_from_db()
    assert (mine.alt_text, colleagues.alt_text) == ("Women queue for bread in Herat", "A picture")


def test_the_image_page_says_where_it_is_used(client, editor):
    picture = library_image()
    ArticleFactory(title="Bread prices", featured_image=picture)
    PageFactory(title="About us", body=picture.figure_html(), status="draft")
    client.force_login(editor)
    html = client.get(reverse("admin:library_image_change", args=[picture.pk])).content.decode()
    assert "Bread prices" in html and "(featured image)" in html
    assert "About us" in html and "(in the body, not published)" in html
    unused = library_image()
    html = client.get(reverse("admin:library_image_change", args=[unused.pk])).content.decode()
    assert "Not used yet" in html


def test_searching_the_library_folds_dari_spellings_and_case(client, journalist):
    kabul = library_image(title="بازار کابل", alt_text="Traders")
    library_image(title="Herat", alt_text="A DAM at dusk")
    client.force_login(journalist)
    for query, expected in [("كابل", ["بازار کابل"]), ("dam", ["Herat"]), ("بازار  کابل", ["بازار کابل"])]:
        listed = client.get(reverse("admin:library_image_changelist"), {"q": query}).context["cl"].result_list
        assert [image.title for image in listed] == expected, query
        chooser = client.get(CHOOSER, {"q": query}).context["images"]
        assert [image["title"] for image in chooser] == expected, query
    assert kabul.title == "بازار کابل"


def test_the_library_lists_my_uploads_and_the_unused_ones(client, journalist):
    mine = library_image(title="Mine, unused", uploaded_by=journalist)
    featured = library_image(title="Featured")
    ArticleFactory(featured_image=featured)
    in_a_page = library_image(title="In a page")
    PageFactory(body=in_a_page.figure_html())
    client.force_login(journalist)

    def listed(**query):
        found = client.get(reverse("admin:library_image_changelist"), query).context["cl"].result_list
        return sorted(image.title for image in found)

    assert listed(uploader="me") == ["Mine, unused"]
    assert listed(use="unused") == ["Mine, unused"]
    assert listed(use="used") == ["Featured", "In a page"]
    assert mine.pk
