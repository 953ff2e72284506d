"""What every worker carries: libraries only staff work needs are loaded where they are used."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_worker_loads_no_library_that_only_staff_work_needs():
    """Pillow (uploads), segno (2FA codes) and nh3 (sanitizing on save) are loaded where they
    are used: every worker would otherwise carry about 4 MiB more (bench/README.md, memory)."""
    script = (
        "import sys; from newsroom.wsgi import application; "
        "print(sorted({'PIL', 'segno', 'nh3'} & {name.split('.')[0] for name in sys.modules}))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
