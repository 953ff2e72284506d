"""The one way into the library: checks, metadata stripped, upright pixels, renditions and crops."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image as Picture

from library.models import Image
from tests.factories import image_file

from .photos import MARKERS, SECRETS, camera_jpeg

pytestmark = pytest.mark.django_db


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file())


def test_gps_serial_xmp_and_iptc_are_gone_from_every_stored_file_and_the_pixels_are_upright(settings):
    image = Image.objects.create_from_file(
        camera_jpeg(size=(1200, 800), orientation=6),
        title="Checkpoint",
        alt_text="A checkpoint on the road",
        caption="The road to Kandahar.",
        credit="Staff photographer",
    )
    files = stored_files(settings)
    assert len(files) == 1 + 2 * 3 + 4 * 2, files  # master, 2 widths x 3 formats, 4 crops x 2
    assert {path.suffix for path in files} == {".jpg", ".webp", ".avif"}
    for path in files:
        data = path.read_bytes()
        for secret in [*SECRETS, *MARKERS, b"GPS"]:
            assert secret not in data, (path, secret)
        with Picture.open(path) as picture:
            assert not picture.getexif(), path
            assert not set(picture.info) & {"exif", "xmp", "photoshop", "comment", "icc_profile"}, path
            if "/library/" in str(path) and "-" not in path.stem:
                # Orientation 6 shows the stored landscape as a portrait: every width is upright.
                assert picture.height > picture.width, path
    assert (image.width, image.height) == (800, 1200)
    with image.file.open("rb") as handle, Picture.open(handle) as master:
        # The red quarter was top-left in the sensor's pixels: turned 90° clockwise it is top-right.
        assert master.convert("RGB").getpixel((master.width - 20, 20))[0] > 180
        assert master.convert("RGB").getpixel((20, 20))[0] < 80
    assert [size["width"] for size in image.renditions["sizes"]] == [480, 800]
    assert all(size["height"] > size["width"] for size in image.renditions["sizes"])


def test_the_original_name_is_random_and_no_rendition_name_leads_to_it():
    image = Image.objects.create_from_file(camera_jpeg(name="kandahar-checkpoint.jpg"))
    assert image.file.name.startswith("library/original/")
    assert "kandahar" not in image.file.name
    original_stem = Path(image.file.name).stem
    rendition_names = [
        entry[kind]
        for entry in [*image.renditions["sizes"], *image.renditions["crops"].values()]
        for kind in ("fallback", "webp", "avif")
        if kind in entry
    ]
    prefix = f"library/{image.key}/1/"
    assert all(original_stem not in name and name.startswith(prefix) for name in rendition_names)
    assert image.title == "kandahar checkpoint"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.jpg", b"plain text, not a picture", "not an image we can read"),
        ("scan.tiff", None, "Upload a JPEG, PNG, WebP or GIF"),
        ("huge.png", "bomb", "million pixels"),
    ],
)
def test_refused_files_store_nothing(settings, name, data, message):
    if data is None:
        buffer = io.BytesIO()
        Picture.new("RGB", (40, 40)).save(buffer, "TIFF")
        data = buffer.getvalue()
    elif data == "bomb":
        buffer = io.BytesIO()
        Picture.new("1", (9000, 5000)).save(buffer, "PNG")
        data = buffer.getvalue()
    with pytest.raises(ValidationError) as raised:
        Image.objects.create_from_file(ContentFile(data, name=name), alt_text="x")
    assert message in " ".join(raised.value.messages)
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_transparent_png_keeps_its_alpha_in_png_renditions():
    buffer = io.BytesIO()
    Picture.new("RGBA", (900, 600), (10, 200, 10, 0)).save(buffer, "PNG")
    image = Image.objects.create_from_file(ContentFile(buffer.getvalue(), name="logo.png"))
    assert image.file.name.endswith(".png")
    assert all(size["fallback"].endswith(".png") for size in image.renditions["sizes"])
    with image.file.open("rb") as handle, Picture.open(handle) as master:
        assert master.mode == "RGBA"


def test_crops_have_googles_ratios_and_follow_the_focal_point(settings):
    # A wide picture, white with a black right-hand edge: a square around the right edge shows it.
    picture = Picture.new("RGB", (1800, 600), (255, 255, 255))
    picture.paste((0, 0, 0), (1700, 0, 1800, 600))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    image = Image.objects.create_from_file(ContentFile(buffer.getvalue(), name="wide.jpg"))
    for name, ratio in (("16x9", 16 / 9), ("4x3", 4 / 3), ("1x1", 1.0)):
        crop = image.crop(name)
        assert abs(crop["width"] / crop["height"] - ratio) < 0.01, name
    first = image.renditions

    def square_right_edge() -> int:
        path = Path(settings.MEDIA_ROOT) / image.renditions["crops"]["1x1"]["fallback"]
        with open(path, "rb") as handle, Picture.open(handle) as square:
            return square.convert("L").getpixel((square.width - 5, square.height // 2))

    assert square_right_edge() > 200  # centred: the black edge is outside the square
    image.focal_x = 1.0
    image.save()
    image.refresh_from_db()
    assert image.renditions["version"] == 2
    assert square_right_edge() < 50
    assert not (Path(settings.MEDIA_ROOT) / first["crops"]["1x1"]["fallback"]).exists()


def test_an_upload_held_in_a_file_on_disk_is_read_where_it_is(tmp_path):
    path = tmp_path / "from-wordpress.jpg"
    path.write_bytes(image_file(size=(640, 480)).read())
    from django.core.files import File

    with path.open("rb") as handle:
        image = Image.objects.create_from_file(File(handle, name=path.name), caption="Imported")
    assert (image.width, image.height, image.caption) == (640, 480, "Imported")
    assert image.checksum and len(image.checksum) == 64
