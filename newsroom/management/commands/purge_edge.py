from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsroom import edge, pagecache


class Command(BaseCommand):
    help = "Purge pages from the edge cache by tag (default: every page, after a rolling deployment)."

    def add_arguments(self, parser):
        parser.add_argument("tags", nargs="*", default=[pagecache.EVERYTHING], help="tags, e.g. article:12")

    def handle(self, *args, tags, **options):
        if not settings.PAGECACHE_EDGE:
            raise CommandError("No edge cache is configured (PAGECACHE_EDGE).")
        edge.purge(tags)  # retried, then logged: the log says if it failed
        self.stdout.write(f"Purge sent to {settings.PAGECACHE_EDGE}: {' '.join(tags)}")
