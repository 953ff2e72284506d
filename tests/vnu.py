"""The Nu Html Checker (vnu.jar from the `vnu-jar` npm package) run with Debian's Java.

`make vnu` installs both: the jar through `npm ci --ignore-scripts` (no JRE
is downloaded) and `default-jre-headless` if `java` is missing. Documents are
checked in one batch per call, so the JVM starts once for many pages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _java() -> str:
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail("The Nu Html Checker needs Java and node_modules/vnu-jar: run `make vnu`.")
    return java


def check(documents: dict[str, bytes | str]) -> list[str]:
    """Every error vnu finds in ``documents`` (name -> HTML), as "name:line: message [extract]"."""
    java = _java()
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for number, (name, content) in enumerate(documents.items()):
            path = Path(folder) / f"page{number}.html"
            path.write_bytes(content.encode() if isinstance(content, str) else content)
            paths[path.as_uri()] = name
        result = subprocess.run(
            [
                java,
                "-Xss2m",
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--format",
                "json",
                "--exit-zero-always",
                "--stdout",
                *[str(Path(folder) / f"page{n}.html") for n in range(len(documents))],
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    if not result.stdout.strip():
        raise RuntimeError(f"vnu gave no report: {result.stderr[-2000:]}")
    messages = json.loads(result.stdout)["messages"]
    found = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        name = next((label for uri, label in paths.items() if url.endswith(uri.split("/")[-1])), url)
        extract = " ".join(message.get("extract", "").split())[:120]
        found.append(f"{name}:{message.get('lastLine', '?')}: {message['message']} [{extract}]")
    return found
