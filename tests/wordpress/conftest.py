import io
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

FIXTURES = Path(__file__).parent / "fixtures"
SITE = FIXTURES / "site.xml"


@pytest.fixture
def uploads(tmp_path) -> Path:
    """A copy of wp-content/uploads holding one of the two featured images the site file uses."""
    folder = tmp_path / "uploads"
    (folder / "2019" / "05").mkdir(parents=True)
    Image.new("RGB", (160, 120), (90, 60, 30)).save(folder / "2019" / "05" / "kabul.jpg")
    return folder


@pytest.fixture
def run_import(db, uploads):
    """Run the command as an operator would; returns what it printed."""

    def run(path=SITE, **options) -> str:
        options.setdefault("media_dir", str(uploads))
        out = io.StringIO()
        call_command("import_wordpress", str(path), stdout=out, **options)
        return out.getvalue()

    return run
