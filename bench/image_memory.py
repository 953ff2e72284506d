"""Peak memory of a web worker handling one upload at the 40-megapixel cap, before and after the library.

    .venv/bin/python bench/image_memory.py [--before COMMIT]

Makes two files at the pixel cap: an 8000 x 5000 JPEG photo (orientation 6,
as a phone writes it) and the 6320 x 6320 RGBA PNG of the issue. For each, a
fresh process set up like a gunicorn worker (``django.setup()``, the admin
and both apps imported) handles the upload and prints its peak resident
memory (VmHWM from /proc/self/status):

- before: the pipeline of COMMIT (default 701cdbc, the last commit before the
  library): the upload stored, then ``articles.images.make_renditions``
  decoding it whole in the worker. Its code is read with ``git show``.
- after: ``library.images.prepare()`` and storing the files, as
  ``Image.objects.create_from_file`` does (the database row is left out: a
  few hundred bytes). The child process that decodes the pixels is shown
  separately; it exits when the upload is done.

Files go to a temporary MEDIA_ROOT that is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKER = r"""
import json, os, resource, sys, time
import django
django.setup()
import django.contrib.admin, articles.admin, library.admin  # what a worker has loaded
from django.core.files import File
from django.core.files.storage import default_storage

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) / 1024

mode, source = sys.argv[1], sys.argv[2]
baseline = status("VmRSS")
started = time.perf_counter()
if mode == "before":
    import importlib.util
    spec = importlib.util.spec_from_file_location("old_images", sys.argv[3])
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    with open(source, "rb") as handle:
        upload = File(handle, name=os.path.basename(source))
        old.validate_image_upload(upload)
        name = default_storage.save("articles/bench/" + os.path.basename(source), upload)
    old.make_renditions(name)
else:
    from library import images
    with open(source, "rb") as handle:
        prepared = images.prepare(File(handle, name=os.path.basename(source)))
    prepared.store_master()
    prepared.store_renditions("0" * 32, 1)
    prepared.cleanup()
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"baseline": baseline, "peak": status("VmHWM"), "child": child,
                  "seconds": time.perf_counter() - started}))
"""


def make_inputs(folder: Path) -> dict[str, Path]:
    from PIL import Image

    photo = folder / "phone-8000x5000.jpg"
    # Smooth gradients with noise: a photo-like file, neither trivial nor huge to compress.
    base = Image.linear_gradient("L").resize((8000, 5000))
    noise = Image.effect_noise((1000, 625), 40).resize((8000, 5000), Image.Resampling.BICUBIC)
    picture = Image.merge("RGB", (base, noise, base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    exif = Image.Exif()
    exif[0x0112] = 6
    picture.save(photo, "JPEG", quality=90, exif=exif)
    del picture
    png = folder / "square-6320x6320.png"
    square = Image.new("RGBA", (6320, 6320), (40, 90, 160, 255))
    square.paste(Image.effect_noise((600, 600), 30).resize((3000, 3000)).convert("RGBA"), (1000, 1000))
    square.save(png, "PNG", optimize=True)
    for path in (photo, png):
        print(f"{path.name}: {path.stat().st_size / 1024 / 1024:.1f} MB")
    return {"JPEG 8000x5000 (40 MP)": photo, "PNG RGBA 6320x6320 (39.9 MP)": png}


def run_worker(mode: str, source: Path, media: Path, old_module: Path | None) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "1",
        "MEDIA_ROOT": str(media),
        "PYTHONPATH": str(ROOT),
        # A loaded machine must not turn the measure into a refusal.
        "IMAGE_TIMEOUT": "1800",
    }
    env.pop("AWS_STORAGE_BUCKET_NAME", None)
    args = [sys.executable, "-c", WORKER, mode, str(source)] + ([str(old_module)] if old_module else [])
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{mode} worker failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="701cdbc", help="commit whose pipeline is 'before'")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsroom-image-bench-") as tmp:
        folder = Path(tmp)
        old_module = folder / "old_images.py"
        old_module.write_text(
            subprocess.run(
                ["git", "show", f"{options.before}:articles/images.py"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        started = time.time()
        inputs = make_inputs(folder)
        print(f"inputs made in {time.time() - started:.1f} s")
        header = ("upload", "mode", "worker start", "worker peak", "child peak", "time")
        print("{:32} {:7} {:>12} {:>12} {:>11} {:>7}".format(*header))
        for label, source in inputs.items():
            for mode in ("before", "after"):
                media = folder / f"media-{mode}"
                figures = run_worker(mode, source, media, old_module if mode == "before" else None)
                child = f"{figures['child']:.0f} MiB" if mode == "after" else "-"
                print(
                    f"{label:32} {mode:7} {figures['baseline']:>8.0f} MiB {figures['peak']:>8.0f} MiB"
                    f" {child:>11} {figures['seconds']:>5.1f} s"
                )


if __name__ == "__main__":
    main()
