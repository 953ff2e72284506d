"""What an import did, counted for the summary the command prints."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..formatting import Shortcodes


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # why → how many
    articles_by_status: Counter = field(default_factory=Counter)
    replies_by_status: Counter = field(default_factory=Counter)
    images: Counter = field(default_factory=Counter)  # featured images: what happened to them
    media: Counter = field(default_factory=Counter)  # attachments: imported, reused, missing, refused
    warnings: list[str] = field(default_factory=list)
    shortcodes: Shortcodes = field(default_factory=Shortcodes)
    # URL of a file that could not be imported → WordPress ids of the posts and pages using it.
    missing_media: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    media_problems: dict[str, str] = field(default_factory=dict)  # file URL → why it is missing

    def missing_files(self) -> list[str]:
        """One line per file that could not be imported: its URL, why, and the posts using it."""
        lines = []
        for url, post_ids in sorted(self.missing_media.items()):
            users = ", ".join(str(n) for n in sorted(post_ids) if n)
            reason = self.media_problems.get(url, "not among the export's attachments")
            lines.append(f"{url}: {reason}; used by {f'WordPress post/page {users}' if users else 'no post'}")
        return lines

    def warn(self, message: str) -> None:
        self.warnings.append(message)
