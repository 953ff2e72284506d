"""python manage.py import_wordpress export.xml [--media-dir uploads/] [--fetch-media] [--dry-run]"""

from __future__ import annotations

import time
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from wordpress.importer import Importer, Progress, Report
from wordpress.models import LegacyURL
from wordpress.wxr import WXRError

MAX_WARNINGS = 50
LINE_EVERY = 1000  # items between two progress lines when the output is not a terminal
BAR_WIDTH = 30


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR): media, categories, tags, authors, posts, featured images, "
        "replies, and redirects from the old addresses. Safe to run again: it updates, never duplicates, "
        "and fetches no file already imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xml file written by WordPress's Tools → Export.")
        parser.add_argument(
            "--media-dir",
            help="A copy of the site's wp-content/uploads folder: attachments are read from it first.",
        )
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="Download attachments not found in --media-dir from the old site (timeout, size cap, "
            "content checked as for an upload).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and check everything, report what would happen, and store nothing.",
        )
        parser.add_argument(
            "--timezone",
            default=None,
            help="The WordPress site's time zone, for dates the file gives only in local time "
            "(default: this site's TIME_ZONE).",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, name in settings.LANGUAGES],
            help="The language of the posts and pages (default: the file's own <language>; Polylang's "
            "per-post language wins over both).",
        )
        parser.add_argument("--batch-size", type=int, default=100, help="Posts written per batch.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        media_dir = Path(options["media_dir"]) if options["media_dir"] else None
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir {media_dir} is not a folder.")
        try:
            local_tz = zoneinfo.ZoneInfo(options["timezone"]) if options["timezone"] else None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"Unknown time zone {options['timezone']!r}; use a name like Asia/Kabul.")
        verbosity = options["verbosity"]
        importer = Importer(
            media_dir=media_dir,
            fetch_media=options["fetch_media"],
            local_tz=local_tz or timezone.get_current_timezone(),
            language=options["language"],
            dry_run=options["dry_run"],
            batch_size=max(1, options["batch_size"]),
            progress=self._progress if verbosity >= 1 else None,
        )
        self._bar = getattr(self.stdout, "isatty", lambda: False)()
        self._next_line = LINE_EVERY
        self._last_line = ""
        started = time.monotonic()
        self.stdout.write(
            f"Importing {path}{' (dry run: nothing will be stored)' if options['dry_run'] else ''}"
        )
        try:
            # One transaction: a file that breaks half-way leaves the database as it was.
            with transaction.atomic(), path.open("rb") as handle:
                report = importer.run(handle, total_bytes=path.stat().st_size)
                if options["dry_run"]:
                    raise _DryRun
        except _DryRun:
            pass
        except WXRError as error:
            self._remove_files(importer.written_files)
            raise CommandError(f"{path} was not imported: {error} Nothing was changed.")
        except BaseException:
            self._remove_files(importer.written_files)
            raise
        if self._bar:
            self.stdout.write("")
        self._summary(report, time.monotonic() - started, options["dry_run"], verbosity)

    def _progress(self, state: Progress) -> None:
        """A bar redrawn in place on a terminal; otherwise a line per thousand items and at the end."""
        if self._bar:
            filled = round(BAR_WIDTH * state.share)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stdout.write(f"\r  [{bar}] {state.line()}", ending="")
            self.stdout.flush()
        elif (state.items >= self._next_line or state.share >= 1) and state.line() != self._last_line:
            self._next_line = (state.items // LINE_EVERY + 1) * LINE_EVERY
            self._last_line = state.line()
            self.stdout.write(f"  … {self._last_line}")

    @staticmethod
    def _remove_files(names: list[str]) -> None:
        for name in names:
            default_storage.delete(name)

    def _summary(self, report: Report, seconds: float, dry_run: bool, verbosity: int) -> None:
        write = self.stdout.write
        if verbosity >= 1:
            shown = report.warnings if verbosity >= 2 else report.warnings[:MAX_WARNINGS]
            for warning in shown:
                write(self.style.WARNING(f"  ! {warning}"))
            if len(shown) < len(report.warnings):
                write(
                    self.style.WARNING(f"  ! … and {len(report.warnings) - len(shown)} more (-v 2 lists all)")
                )
        heading = "Would import" if dry_run else "Imported"
        write(self.style.SUCCESS(f"{heading} in {seconds:.1f}s:"))
        for kind in [
            "media",
            "authors",
            "categories",
            "tags",
            "articles",
            "replies",
            "pages",
            "menus",
            "menu items",
        ]:
            write(
                f"  {kind}: {report.created[kind]} new, {report.updated[kind]} updated, "
                f"{report.unchanged[kind]} unchanged"
            )
        write("  articles by status: " + self._counts(report.articles_by_status))
        write("  replies by status: " + self._counts(report.replies_by_status))
        if report.media:
            write("  media files: " + self._counts(report.media))
        if report.images:
            write("  featured images: " + self._counts(report.images))
        shortcodes = report.shortcodes
        if shortcodes.converted or shortcodes.stripped:
            write(
                "  shortcodes and blocks: converted "
                + (self._counts(shortcodes.converted) or "none")
                + "; stripped "
                + (self._counts(shortcodes.stripped) or "none")
            )
        write("  skipped: " + (self._counts(report.skipped) or "nothing"))
        missing = report.missing_files()
        if missing:
            write(
                self.style.WARNING(
                    f"  missing files ({len(missing)}), kept as their alt text or a plain name:"
                )
            )
            for line in missing:
                write(self.style.WARNING(f"    {line}"))
        if not dry_run:
            write(f"  old addresses that redirect: {LegacyURL.objects.count()}")
        if report.warnings:
            write(self.style.WARNING(f"  {len(report.warnings)} warning(s), listed above."))

    @staticmethod
    def _counts(counter) -> str:
        return ", ".join(f"{name} {count}" for name, count in sorted(counter.items()))
