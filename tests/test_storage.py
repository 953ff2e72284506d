"""Media storage follows the environment: local files by default, S3 when a bucket is set."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import django; django.setup();"
    "from django.core.files.storage import storages; s = storages['default'];"
    "print(type(s).__module__ + '.' + type(s).__name__); print(s.url('articles/2026/photo.jpg'))"
)


def probe(**variables) -> list[str]:
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "newsroom.settings", **variables}
    for name in ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_CUSTOM_DOMAIN"):
        if name not in variables:
            env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_media_is_on_the_local_disk_without_a_bucket():
    backend, url = probe()
    assert backend == "django.core.files.storage.filesystem.FileSystemStorage"
    assert url == "/media/articles/2026/photo.jpg"


def test_media_goes_to_object_storage_when_a_bucket_is_configured():
    backend, url = probe(
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
    )
    assert backend == "storages.backends.s3.S3Storage"
    # Unsigned, so a cached page never carries an expiring link.
    assert url == "https://media.example.org/articles/2026/photo.jpg"
