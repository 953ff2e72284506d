"""The uploads folder of fixtures/moving.xml, and a local stand-in for the old site's web server."""

from __future__ import annotations

import threading
import time
from collections import Counter
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image

# Files of the export's attachments, relative to wp-content/uploads.
IMAGES = {
    "2019/06/bazaar.jpg": ((600, 400), "JPEG"),
    "2019/06/river.jpg": ((450, 300), "JPEG"),
    "2019/06/peaks-scaled.jpg": ((640, 427), "JPEG"),
    "2019/06/dam.png": ((200, 150), "PNG"),
}
OTHER_FILES = {
    # An MPEG audio file starts with an ID3 tag; an MP4 with an "ftyp" box; a PDF with "%PDF-".
    "2019/06/interview.mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(400),
    "2019/06/clip.mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(400),
    "2019/06/report.pdf": b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
}
ALL_FILES = [*IMAGES, *OTHER_FILES]


def write_uploads(folder: Path, only: list[str] | None = None) -> Path:
    """A copy of wp-content/uploads holding the files named (default: all of them)."""
    for path in only if only is not None else ALL_FILES:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path in IMAGES:
            size, fmt = IMAGES[path]
            Image.new("RGB", size, (40 + len(path) * 3 % 200, 90, 120)).save(target, fmt)
        else:
            target.write_bytes(OTHER_FILES[path])
    return folder


class OldSite:
    """An HTTP server on 127.0.0.1 serving ``root`` as /wp-content/uploads/, counting requests.

    Some paths misbehave as real hosts do: ``slow/`` never answers in time,
    ``html/`` answers 200 with an HTML error page, ``huge/`` announces a file
    far over the size cap.
    """

    def __init__(self, root: Path):
        self.root = root
        self.requests: Counter[str] = Counter()
        handler = partial(_Handler, site=self)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> OldSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args, site: OldSite, **kwargs):
        self.site = site
        super().__init__(*args, directory=str(site.root), **kwargs)

    def log_message(self, *args) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        self.site.requests[self.path] += 1
        prefix = "/wp-content/uploads/"
        if not self.path.startswith(prefix):
            self.send_error(404)
            return
        rest = self.path[len(prefix) :]
        if rest.startswith("slow/"):
            time.sleep(3)
            self.send_error(504)
        elif rest.startswith("html/"):
            body = b"<html><body>Not found, but 200</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif rest.startswith("huge/"):
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(900 << 20))
            self.end_headers()
        else:
            self.path = "/" + rest
            super().do_GET()
