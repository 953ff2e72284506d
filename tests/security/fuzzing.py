"""Shared Hypothesis settings and strategies for the "never a 500" property tests."""

import os
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Enough to find the classic crashes (NUL, overflow, odd Unicode) in seconds;
# raise HYPOTHESIS_EXAMPLES for a long hunt.
fuzz = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    database=None,
    # The same examples on every CI run; HYPOTHESIS_RANDOM=1 for a fresh hunt.
    derandomize=not os.environ.get("HYPOTHESIS_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any text a browser (or a bot) can send: all of Unicode but lone surrogates,
# NUL and control characters included, with markup and huge numbers mixed in.
any_text = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=60),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e9",
            "99999999999999999999999999",
            "9223372036854775808",
            "\x00",
            "a\x00b",
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "' OR 1=1 --",
            "%00",
            "../../etc/passwd",
            "ی‌ك",
            "\u202e",
        ]
    ),
)
numberish = st.one_of(st.integers().map(str), any_text)

# "&" alone opens no markup, and a raw "x&" is a prefix of its own escape "x&amp;".
MARKUP = re.compile(r"[<>\"']")


# JSON-LD blocks legitimately hold quotes ("name": "Kabul ..."); they are built
# from stored data with json_script-style escaping, never from the request.
JSON_LD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)


def assert_escaped(html: str, value: str) -> None:
    """Text that could be markup never comes back raw."""
    if MARKUP.search(value) and len(value) > 1:
        assert value not in JSON_LD.sub("", html), f"unescaped echo of {value!r}"
