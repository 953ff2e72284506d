"""Camera-like JPEGs for the library tests, built byte by byte from the formats' specs.

EXIF (with its GPS and Exif sub-IFDs) and XMP are written by Pillow; the IPTC
record goes in a Photoshop APP13 segment and a COM comment follows, as
cameras and desktop tools write them.
"""

import io
import struct

from django.core.files.base import ContentFile
from PIL import Image

SERIAL = "SN-4471-KANDAHAR"
CAMERA = "Canon EOS R6 Mark II"
XMP_SECRET = "source-house-behind-the-mosque"
IPTC_BYLINE = "Hidden Source Name"
COMMENT = "shot from the roof of a contact"
GPS_LATITUDE = (31.0, 36.0, 45.12)  # 31° 36' 45.12" N, Kandahar
SECRETS = [SERIAL.encode(), CAMERA.encode(), XMP_SECRET.encode(), IPTC_BYLINE.encode(), COMMENT.encode()]
MARKERS = [b"Exif\x00\x00", b"http://ns.adobe.com/xap/1.0/", b"Photoshop 3.0", b"8BIM", b"<x:xmpmeta"]


def _iptc_segment() -> bytes:
    # IPTC IIM dataset 2:80 (By-line) inside a Photoshop image resource 0x0404.
    record = b"\x1c\x02\x50" + struct.pack(">H", len(IPTC_BYLINE)) + IPTC_BYLINE.encode()
    if len(record) % 2:
        record += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(record)) + record
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def camera_jpeg(size=(1200, 800), orientation=6, name="dsc_0042.jpg") -> ContentFile:
    """A landscape JPEG whose top-left quarter is red, tagged to be shown rotated (orientation 6)."""
    image = Image.new("RGB", size, (30, 90, 200))
    image.paste((220, 20, 20), (0, 0, size[0] // 2, size[1] // 2))
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = CAMERA  # Model
    exif[0x0112] = orientation
    exif[0x8769] = {0xA431: SERIAL, 0x9003: "2026:11:20 06:12:00"}  # BodySerialNumber, DateTimeOriginal
    exif[0x8825] = {1: "N", 2: GPS_LATITUDE, 3: "E", 4: (65.0, 42.0, 33.0)}
    xmp = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' exif:GPSLatitude="31,36.752N" exif:GPSLongitude="65,42.550E">'
        f"<dc:description>{XMP_SECRET}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif, xmp=xmp, comment=COMMENT)
    data = buffer.getvalue()
    # After SOI (and Pillow's APP segments), as Photoshop places it.
    data = data[:2] + _iptc_segment() + data[2:]
    return ContentFile(data, name=name)
