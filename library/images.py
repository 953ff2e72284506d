"""From an upload to stored, clean files: the web worker's half of image processing.

The upload is checked from its header first (``validate_image_upload``:
format, bytes, pixels; nothing decoded). The pixels are then handled by
``library.process`` in a child process, which writes a metadata-free master
and the renditions into a temporary folder; this module copies them into
the media storage through Django's storage API (local disk or S3 alike) and
returns what the ``Image`` row records.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from .uploads import MAX_PIXELS, validate_image_upload

ROOT = Path(__file__).resolve().parent.parent
RENDITION_KEYS = ("fallback", "webp", "avif")
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "avif": "image/avif"}


def _job_settings() -> dict:
    return {
        "widths": list(settings.NEWSROOM_RENDITION_WIDTHS),
        "crops": {name: list(spec) for name, spec in settings.NEWSROOM_IMAGE_CROPS.items()},
        "master_edge": settings.NEWSROOM_IMAGE_MASTER_EDGE,
        "avif": settings.NEWSROOM_IMAGE_AVIF,
        "max_pixels": MAX_PIXELS,
    }


@dataclass
class Prepared:
    """The files ``library.process`` wrote for one image, waiting to be stored."""

    folder: str
    result: dict
    checksum: str = ""

    @property
    def width(self) -> int:
        return self.result["master"]["width"]

    @property
    def height(self) -> int:
        return self.result["master"]["height"]

    def store_master(self) -> str:
        """Store the clean master under a random name that no rendition's name reveals."""
        file = self.result["master"]["file"]
        ext = file.rsplit(".", 1)[-1]
        return _save(f"library/original/{uuid.uuid4().hex}.{ext}", os.path.join(self.folder, file))

    def store_renditions(self, key: str, version: int) -> dict:
        prefix = f"library/{key}/{version}/"
        stored: dict = {"version": version, "sizes": [], "crops": {}}
        for entry in self.result["sizes"]:
            stored["sizes"].append(self._stored(entry, prefix))
        for name, entry in self.result["crops"].items():
            stored["crops"][name] = self._stored(entry, prefix)
        return stored

    def _stored(self, entry: dict, prefix: str) -> dict:
        out = {"width": entry["width"], "height": entry["height"]}
        for kind in RENDITION_KEYS:
            if entry.get(kind):
                out[kind] = _save(prefix + entry[kind], os.path.join(self.folder, entry[kind]))
        return out

    def cleanup(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _save(name: str, path: str) -> str:
    with open(path, "rb") as handle:
        return default_storage.save(name, File(handle, name=os.path.basename(name)))


def checksum(upload) -> str:
    """SHA-256 of the uploaded bytes, read in chunks (finds a file uploaded twice)."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def prepare(upload, focal: tuple[float, float] = (0.5, 0.5), *, check: bool = True) -> Prepared:
    """Check ``upload`` and make its clean master and renditions in a child process.

    Raises ``ValidationError`` with a message for the uploader when the file
    is refused or cannot be processed. The caller stores the result and
    calls ``cleanup()``.
    """
    if check:
        validate_image_upload(upload)
    folder = tempfile.mkdtemp(prefix="newsroom-image-")
    try:
        source = _source_path(upload, folder)
        digest = checksum(upload) if check else ""
        job = {**_job_settings(), "source": source, "output": folder}
        result = run_job({**job, "focal_x": focal[0], "focal_y": focal[1]})
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Prepared(folder=folder, result=result, checksum=digest)


def _source_path(upload, folder: str) -> str:
    """A path the child can open: the upload's own temporary file, or a copy of its bytes."""
    path = getattr(upload, "temporary_file_path", None)
    if callable(path):
        return path()
    name = getattr(getattr(upload, "file", upload), "name", None)
    if isinstance(name, str) and os.path.isabs(name) and os.path.isfile(name):
        return name
    target = os.path.join(folder, "source")
    upload.seek(0)
    with open(target, "wb") as out:
        shutil.copyfileobj(upload, out, 1024 * 1024)
    upload.seek(0)
    return target


def run_job(job: dict) -> dict:
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "library.process"],
            input=json.dumps(job),
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=settings.NEWSROOM_IMAGE_TIMEOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    except subprocess.TimeoutExpired:
        raise ValidationError(
            _("This image took too long to process. Try a smaller file."), code="timeout"
        ) from None
    try:
        result = json.loads(completed.stdout or "{}")
    except ValueError:
        result = {"error": completed.stderr[-500:]}
    if completed.returncode != 0 or "error" in result:
        raise ValidationError(
            _("This image could not be processed. Save it again as a JPEG or PNG and upload it again."),
            code="unprocessable",
        )
    return result


def delete_renditions(renditions: dict) -> None:
    for entry in [*renditions.get("sizes", []), *renditions.get("crops", {}).values()]:
        for kind in RENDITION_KEYS:
            if entry.get(kind):
                default_storage.delete(entry[kind])
