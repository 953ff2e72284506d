"""`.env.example` lists every variable newsroom/settings.py reads (the README sends operators there)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_env_example_lists_every_variable_the_settings_read():
    settings = (ROOT / "newsroom" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'\benv(?:_int|_bool|_list)?\(\s*"([A-Z0-9_]+)"', settings))
    read |= set(re.findall(r'os\.environ(?:\.get\(|\[)\s*"([A-Z0-9_]+)"', settings))
    assert len(read) > 50  # the patterns still find the settings' own reads
    listed = set(re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    assert sorted(read - listed) == []
