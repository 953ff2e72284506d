"""WordPress attachments → images in the media library and imported files.

Attachments are read in a first pass over the export, before any post, so
that bodies, galleries and featured images find every file already here.
Each file comes from ``--media-dir`` (a copy of ``wp-content/uploads``) or,
with ``--fetch-media``, from the old site over HTTP(S), and passes the same
checks as an upload in the admin. An attachment already imported is never
fetched again, so an interrupted or partial import is resumed by running it
again. A file that cannot be had is a warning, never a failure.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from http.client import HTTPException
from typing import TYPE_CHECKING
from urllib.error import HTTPError, URLError
from urllib.parse import quote, unquote, urljoin, urlsplit
from urllib.request import Request, urlopen

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from library import uploads
from library.models import Image

from .. import phpdata, wxr
from ..formatting import plain_text
from ..models import ImportedFile, ImportedObject
from .mapping import Mapping, digest
from .slugs import old_path

if TYPE_CHECKING:
    from . import Importer

Kind = ImportedObject.Kind

IMAGE_EXTENSIONS = {"jpg", "jpeg", "jpe", "png", "gif", "webp"}
AUDIO_EXTENSIONS = {"mp3", "m4a", "ogg", "oga", "wav", "flac"}
VIDEO_EXTENSIONS = {"mp4", "m4v", "webm", "ogv", "mov"}
DOCUMENT_EXTENSIONS = {"pdf"}
MAX_FILE_BYTES = {
    "image": uploads.MAX_UPLOAD_BYTES,
    "audio": 200 << 20,
    "video": 500 << 20,
    "document": 50 << 20,
}
FETCH_TIMEOUT = 20  # seconds without a byte from the old site before giving up on a file
_VARIANT = re.compile(r"-(?:\d+x\d+|scaled|rotated|e\d{10,})(?=\.[a-z0-9]+$)", re.I)


class MediaError(Exception):
    """Why a file could not be imported, for the warning."""


class MissingFile(MediaError):
    """The file could not be had (as opposed to refused by the checks): the next run tries again."""


@dataclass
class Attachment:
    wp_id: int
    url: str  # wp:attachment_url on the old site
    path: str  # relative to wp-content/uploads, e.g. 2019/05/photo.jpg
    title: str = ""
    alt: str = ""
    caption: str = ""
    description: str = ""
    parent_id: int = 0
    menu_order: int = 0
    link: str = ""  # the attachment page's permalink
    variants: list[str] = field(default_factory=list)  # file names of its sizes, e.g. photo-300x200.jpg
    # Filled once imported:
    here: str = ""
    full: str = ""
    object_id: int | None = None
    width: int | None = None
    height: int | None = None

    @property
    def kind(self) -> str:
        # Judged by the name the file is stored under, which is what the web server goes by:
        # 'clip.mp4?.html' is an HTML document, however its address reads.
        return kind_of(self.name)

    @property
    def name(self) -> str:
        return posixpath.basename(self.path or urlsplit(self.url).path)


def kind_of(name: str) -> str:
    extension = posixpath.splitext(name)[1].lower().lstrip(".")
    if extension in IMAGE_EXTENSIONS:
        return "image"
    if extension in AUDIO_EXTENSIONS:
        return "audio"
    if extension in VIDEO_EXTENSIONS:
        return "video"
    return "document"


def uploads_path(url: str) -> str:
    """``…/wp-content/uploads/2008/06/a.jpg`` or ``https://host/2008/06/a.jpg`` → ``2008/06/a.jpg``."""
    path = unquote(urlsplit(url).path)
    if "/wp-content/uploads/" in path:
        return path.split("/wp-content/uploads/", 1)[1]
    if "/files/" in path:  # WordPress multisite's old upload addresses
        return path.split("/files/", 1)[1]
    dated = re.search(r"(?:^|/)(\d{4}/\d{2}/[^/]+)$", path)
    return dated.group(1) if dated else path.lstrip("/")


def attachment_from(item: wxr.Item) -> Attachment:
    path = item.meta.get("_wp_attached_file", "").strip() or uploads_path(item.attachment_url)
    variants = []
    try:
        metadata = phpdata.loads(item.meta.get("_wp_attachment_metadata", "") or "N;")
    except phpdata.PHPDataError:
        metadata = None
    if isinstance(metadata, dict):
        sizes = metadata.get("sizes")
        if isinstance(sizes, dict):
            variants = [str(s.get("file")) for s in sizes.values() if isinstance(s, dict) and s.get("file")]
        if metadata.get("original_image"):  # WordPress 5.3+ keeps the unscaled upload too
            variants.append(str(metadata["original_image"]))
    return Attachment(
        wp_id=item.wp_id,
        url=item.attachment_url,
        path=path.lstrip("/"),
        title=plain_text(item.title)[:250],
        alt=plain_text(item.meta.get("_wp_attachment_image_alt", ""))[:250],
        caption=plain_text(item.excerpt)[:300],
        description=plain_text(item.content),
        parent_id=item.parent_id,
        menu_order=item.menu_order,
        link=item.link,
        variants=variants,
    )


class Library:
    """The export's attachments, found by id, by any address of theirs, or by the post they belong to.

    This is what body conversion asks (``formatting.Media``); it also
    collects which posts use a file that is missing.
    """

    def __init__(self, importer: Importer):
        self.importer = importer
        self.attachments: dict[int, Attachment] = {}
        self._by_key: dict[str, Attachment] = {}
        self._by_parent: dict[int, list[Attachment]] = {}
        self.hosts: set[str] = set()
        self.post_id = 0

    def add(self, attachment: Attachment) -> None:
        self.attachments[attachment.wp_id] = attachment
        folder = posixpath.dirname(attachment.path)
        for name in [attachment.path, *(posixpath.join(folder, v) for v in attachment.variants)]:
            self._by_key.setdefault(name.lower(), attachment)
        self._by_key.setdefault(_VARIANT.sub("", attachment.path).lower(), attachment)
        self._by_parent.setdefault(attachment.parent_id, []).append(attachment)
        host = urlsplit(attachment.url).hostname
        if host:
            self.hosts.add(host.lower())

    def add_site(self, site: wxr.Site) -> None:
        for url in (site.link, site.base_site_url, site.base_blog_url):
            host = urlsplit(url).hostname
            if host:
                self.hosts.add(host.lower())
                self.hosts.add(host.lower().removeprefix("www."))
                self.hosts.add("www." + host.lower().removeprefix("www."))

    # --- formatting.Media -------------------------------------------------------------
    def by_id(self, wp_id: int) -> Attachment | None:
        return self.attachments.get(wp_id)

    def by_url(self, url: str) -> Attachment | None:
        if not url or not self.is_old_site(url):
            return None
        path = uploads_path(url).lower()
        return self._by_key.get(path) or self._by_key.get(_VARIANT.sub("", path))

    def attached_to(self, post_id: int) -> list[Attachment]:
        return sorted(self._by_parent.get(post_id, []), key=lambda a: (a.menu_order, a.wp_id))

    def is_old_site(self, url: str) -> bool:
        parts = urlsplit(url.strip())
        if parts.scheme and parts.scheme not in ("http", "https"):
            return False
        if not parts.netloc:
            return parts.path.startswith("/wp-content/") or parts.path.startswith("/files/")
        return (parts.hostname or "").lower() in self.hosts

    def missing(self, url: str) -> None:
        """The current post uses a file that is not here: listed, and retried next run if it may come."""
        if self.by_url(url) is not None:  # an attachment whose file may be found or fetched next time
            self.importer.incomplete.add(self.post_id)
        self.importer.report.missing_media[url].add(self.post_id)


# --- importing the files ------------------------------------------------------------------
def import_attachments(importer: Importer, attachments: list[Attachment]) -> None:
    """One batch: library images and files for new attachments, metadata for known ones."""
    images_here = [a for a in attachments if a.kind == "image"]
    files_here = [a for a in attachments if a.kind != "image"]
    _import_kind(importer, images_here, Kind.MEDIA, Image)
    _import_kind(importer, files_here, Kind.FILE, ImportedFile)


def _import_kind(importer: Importer, attachments: list[Attachment], kind: str, model) -> None:
    if not attachments:
        return
    report = importer.report
    mapping = Mapping(kind, model, (str(a.wp_id) for a in attachments))
    changed = []
    for attachment in attachments:
        key = str(attachment.wp_id)
        fingerprint = digest(attachment.alt, attachment.caption, attachment.title)
        obj, write = mapping.compare(key, fingerprint, report, "media")
        if obj is None:
            obj = _create(importer, attachment, kind)
            if obj is None:
                continue
            report.created["media"] += 1
        elif write:
            _describe(obj, attachment)
            changed.append(obj)
        _remember(attachment, obj)
        mapping.record(key, obj, fingerprint)
        mapping.redirect(f"/?attachment_id={attachment.wp_id}", key)
        mapping.redirect(f"/?p={attachment.wp_id}", key)
        if attachment.link and not urlsplit(attachment.link).query:
            mapping.redirect(old_path(attachment.link), key)
        # The file itself and each size WordPress made of it, linked from other sites and
        # search engines' image results: to the file here.
        if attachment.url:
            for url in [attachment.url, *(urljoin(attachment.url, name) for name in attachment.variants)]:
                mapping.redirect(old_path(url), key)
    if changed:
        fields = ["alt_text", "caption"] if kind == Kind.MEDIA else ["title"]
        model.objects.bulk_update(changed, fields)
    if not importer.dry_run:
        mapping.save()


def _describe(obj, attachment: Attachment) -> None:
    if isinstance(obj, Image):
        obj.alt_text = (attachment.alt or attachment.title)[:250]
        obj.caption = attachment.caption[:300]
    else:
        obj.title = attachment.title


def _remember(attachment: Attachment, obj) -> None:
    attachment.object_id = obj.pk
    if isinstance(obj, _DryRunObject):
        attachment.here = default_storage.url(f"dry-run/{attachment.name}")
    elif isinstance(obj, Image):
        # Bodies name a rendition (never the original); the article's save writes the srcset.
        attachment.here = obj.src
        attachment.full = obj.largest()[0] or obj.src
        attachment.width, attachment.height = obj.display_width, obj.display_height
    else:
        attachment.here = obj.file.url if obj.file else ""


def _create(importer: Importer, attachment: Attachment, kind: str):
    """The file of a new attachment, checked and stored; None (and a warning) when it cannot be."""
    report = importer.report
    try:
        data = _obtain(importer, attachment)
        upload = ContentFile(data, name=attachment.name)
        if attachment.kind == "image":
            uploads.validate_image_upload(upload)
        else:
            _check_file(data, attachment)
    except (MediaError, ValidationError) as error:
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        report.media["missing" if isinstance(error, MissingFile) else "refused"] += 1
        importer.report.media_problems[attachment.url or attachment.path] = reason
        importer.report.missing_media[attachment.url or attachment.path]  # listed even if no post uses it
        return None
    if importer.dry_run:
        return _DryRunObject(attachment)
    if kind == Kind.MEDIA:
        obj = Image.objects.create_from_file(
            upload,
            title=attachment.title or plain_text(attachment.name),
            alt_text=attachment.alt or attachment.title,
            caption=attachment.caption,
        )
        importer.written_files.append(obj.file.name)
        importer.written_files.extend(
            entry[key]
            for entry in [*obj.renditions.get("sizes", []), *obj.renditions.get("crops", {}).values()]
            for key in ("fallback", "webp", "avif")
            if entry.get(key)
        )
    else:
        obj = ImportedFile(type=attachment.kind, title=attachment.title, original_url=attachment.url[:500])
        obj.file.save(attachment.name, upload, save=False)
        obj.save()
        importer.written_files.append(obj.file.name)
    report.media[f"{attachment.kind}s imported"] += 1
    return obj


class _DryRunObject:
    """Stands in for what a dry run would have stored, so its summary counts match a real run."""

    pk = None

    def __init__(self, attachment: Attachment):
        self.image = self.file = None
        self.width = self.height = None


def _obtain(importer: Importer, attachment: Attachment) -> bytes:
    limit = MAX_FILE_BYTES[attachment.kind]
    reasons = []
    if importer.media_dir is not None:
        source = (importer.media_dir / attachment.path).resolve()
        if source.is_relative_to(importer.media_dir.resolve()) and source.is_file():
            if source.stat().st_size > limit:
                raise MediaError(f"the file is larger than {limit >> 20} MB")
            return source.read_bytes()
        reasons.append(f"not in {importer.media_dir}")
    if importer.fetch_media and attachment.url:
        return fetch(attachment.url, limit)
    if not reasons:
        reasons.append("no --media-dir or --fetch-media given")
    raise MissingFile("; ".join(reasons))


def fetch(url: str, limit: int) -> bytes:
    """Download ``url`` (http or https only) up to ``limit`` bytes, waiting at most FETCH_TIMEOUT per read."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MediaError(f"not an http(s) address: {url}")
    # Exports hold addresses as written by editors: spaces and non-Latin names are quoted here.
    safe = parts._replace(path=quote(unquote(parts.path), safe="/%:@+,;=~")).geturl()
    request = Request(safe, headers={"User-Agent": "Newsroom WordPress import", "Accept": "*/*"})
    try:
        with urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 (scheme checked above)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise MediaError(
                    f"the old site says the file is {int(declared) >> 20} MB, over {limit >> 20} MB"
                )
            data = response.read(limit + 1)
            content_type = response.headers.get_content_type()
    except HTTPError as error:
        raise MissingFile(f"the old site answered {error.code} {error.reason}") from None
    except (URLError, TimeoutError, HTTPException, OSError) as error:
        reason = getattr(error, "reason", error)
        raise MissingFile(f"could not be downloaded ({reason})") from None
    if len(data) > limit:
        raise MediaError(f"the file is larger than {limit >> 20} MB")
    if content_type.startswith("text/"):
        # An error page served with 200 (many hosts do that for missing files).
        raise MissingFile(f"the old site sent a {content_type} page instead of the file")
    return data


# Leading bytes of the formats we accept besides images (which Pillow checks).
_SIGNATURES = {
    "audio": [(0, b"ID3"), (0, b"\xff\xfb"), (0, b"\xff\xf3"), (0, b"\xff\xf2"), (0, b"OggS"), (0, b"fLaC"),
              (4, b"ftyp"), (8, b"WAVE")],
    "video": [(4, b"ftyp"), (0, b"\x1a\x45\xdf\xa3"), (0, b"OggS")],
    "document": [(0, b"%PDF-")],
}  # fmt: skip


def _check_file(data: bytes, attachment: Attachment) -> None:
    """Audio, video and documents: what the content is, not what the name says."""
    kind = attachment.kind
    if kind == "document" and posixpath.splitext(attachment.name)[1].lower() != ".pdf":
        raise MediaError("only PDF documents are imported")
    if not any(data[offset : offset + len(magic)] == magic for offset, magic in _SIGNATURES[kind]):
        raise MediaError(f"the content is not {kind} in a format we serve")


def set_featured_images(importer: Importer) -> None:
    """Featured images (``_thumbnail_id``) from the library, once every post is in.

    Set once: an image an editor has chosen here since is never replaced.
    """
    from articles.models import Article

    report, library = importer.report, importer.library
    pending, importer.featured = importer.featured, []
    for start in range(0, len(pending), importer.batch_size):
        chunk = pending[start : start + importer.batch_size]
        rows = dict(
            ImportedObject.objects.filter(
                kind=Kind.POST, wp_key__in=[str(wp_id) for wp_id, _ in chunk]
            ).values_list("wp_key", "object_id")
        )
        articles = Article.objects.in_bulk(rows.values())
        wanted = [library.by_id(attachment_id) for _, attachment_id in chunk]
        sources = Image.objects.in_bulk([a.object_id for a in wanted if a is not None and a.object_id])
        for (wp_id, attachment_id), attachment in zip(chunk, wanted, strict=True):
            article = articles.get(rows.get(str(wp_id)))
            if article is None:
                continue
            library.post_id = wp_id
            if article.featured_image_id:
                report.images["already set"] += 1
            elif attachment is None:
                report.images["not in the export"] += 1
                report.warn(
                    f"Post {wp_id}: its featured image (attachment {attachment_id}) is not in the file."
                )
            elif importer.dry_run and attachment.here:
                report.images["imported"] += 1  # a dry run stores no image to attach
            elif attachment.object_id not in sources:
                report.images["missing"] += 1
                library.missing(attachment.url or attachment.path)
            else:
                _attach(importer, article, attachment, sources[attachment.object_id])


def _attach(importer: Importer, article, attachment: Attachment, source: Image) -> None:
    if importer.dry_run:
        importer.report.images["imported"] += 1
        return
    article.featured_image = source
    article.save(update_fields=["featured_image"])
    importer.report.images["imported"] += 1
