"""Size of the page-cache stack: lines, and lines holding code (no blank, comment or docstring line).

    .venv/bin/python bench/cache_lines.py            # this tree
    .venv/bin/python bench/cache_lines.py e63210e    # a commit (git show)

Storing, serving, invalidating, shared parts, conditional responses, the edge
and the Redis and file caches' failure handling (issue 19 asks for 600). Also
the subtotal of the files issue 19 counted when it was filed (1,084 lines at
3c62c8d): the stack without the edge, the file cache and ``{% shared %}``,
which the issue asked for.
"""

import ast
import io
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STACK = [
    "newsroom/pagecache.py", "newsroom/redis_cache.py", "newsroom/file_cache.py", "newsroom/edge.py",
    "newsroom/release.py", "newsroom/templatetags/shared.py", "articles/conditional.py", "articles/paging.py",
    "articles/invalidation.py", "pages/invalidation.py", "comments/invalidation.py",
]  # fmt: skip
FILED_WITH = {
    "newsroom/pagecache.py", "newsroom/redis_cache.py", "articles/conditional.py", "articles/paging.py",
    "articles/invalidation.py", "pages/invalidation.py", "comments/invalidation.py",
}  # fmt: skip


def code_lines(source: str) -> int:
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(node):
            first = node.body[0]
            docstrings.update(range(first.lineno, first.end_lineno + 1))
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    skipped.add(tokenize.ENDMARKER)
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skipped:
            lines.update(n for n in range(token.start[0], token.end[0] + 1) if n not in docstrings)
    return len(lines)


def read(path: str, commit: str | None) -> str | None:
    if commit is None:
        file = ROOT / path
        return file.read_text() if file.exists() else None
    shown = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True, text=True)
    return shown.stdout if shown.returncode == 0 else None


def main() -> None:
    commit = sys.argv[1] if len(sys.argv) > 1 else None
    total, filed = [0, 0], [0, 0]
    for path in STACK:
        if (source := read(path, commit)) is not None:
            lines, code = source.count("\n"), code_lines(source)
            for counts in [total, filed] if path in FILED_WITH else [total]:
                counts[0], counts[1] = counts[0] + lines, counts[1] + code
            print(f"{path:40} {lines:5} {code:5}")
    print(f"{'files issue 19 counted (lines, code)':40} {filed[0]:5} {filed[1]:5}")
    print(f"{'total (lines, code lines)':40} {total[0]:5} {total[1]:5}")


if __name__ == "__main__":
    main()
