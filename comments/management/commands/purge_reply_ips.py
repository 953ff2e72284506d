"""python manage.py purge_reply_ips [--days N]: forget IP addresses of old replies. Run daily."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comments.privacy import purge_old_ip_addresses


class Command(BaseCommand):
    help = "Remove the IP address and browser of replies older than REPLY_IP_RETENTION_DAYS (or --days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.NEWSROOM_REPLY_IP_RETENTION_DAYS)

    def handle(self, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        count = purge_old_ip_addresses(datetime.timedelta(days=days))
        self.stdout.write(f"Removed the IP address of {count} replies older than {days} days.")
