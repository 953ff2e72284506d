"""Progress while importing: a bar redrawn in place on a terminal, a line per thousand items otherwise."""

import io

import pytest
from django.core.management import call_command

from .generate import write_uploads, write_wxr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "archive.xml"
    with path.open("w", encoding="utf-8") as out:
        write_wxr(out, posts=80, replies_per_post=30)  # 80 images, 80 posts, 2,400 replies: 2,560 items
    write_uploads(tmp_path / "uploads", 80, size=(32, 24))
    return path


@pytest.mark.django_db
def test_a_log_gets_a_line_per_thousand_items_and_the_last(archive):
    out = io.StringIO()
    call_command(
        "import_wordpress", str(archive), media_dir=str(archive.parent / "uploads"), batch_size=20, stdout=out
    )
    lines = [line for line in out.getvalue().splitlines() if line.startswith("  … ")]
    # Batches of 20 posts and their 600 replies: past 1,000 items after the second, 2,000 at the end.
    assert lines[0].startswith("  … 40 posts, 1200 replies, 80 attachments (")
    assert lines[1:] == ["  … 80 posts, 2400 replies, 80 attachments (100% done)"]
    assert "\r" not in out.getvalue()


@pytest.mark.django_db
def test_a_terminal_gets_a_bar_redrawn_in_place(archive):
    out = Terminal()
    call_command(
        "import_wordpress", str(archive), media_dir=str(archive.parent / "uploads"), batch_size=20, stdout=out
    )
    frames = out.getvalue().split("\r")[1:]
    assert len(frames) >= 4  # one per batch of each pass
    assert frames[0].startswith("  [") and "% done)" in frames[0]
    assert frames[-1].startswith("  [" + "#" * 30 + "] 80 posts, 2400 replies, 80 attachments (100% done)")
    shares = [int(frame.split("(")[1].split("%")[0]) for frame in frames]
    assert shares == sorted(shares)
