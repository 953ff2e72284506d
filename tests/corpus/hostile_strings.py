"""A corpus of hostile strings for text fields, assembled for this project.

Each entry is (label, text). The classes follow the well-known lists of
"naughty strings" and Unicode security reports (UTS #39, UTR #36): control
characters, noncharacters, bidirectional overrides, invisible characters,
stacked combining marks, words with no break point in several scripts,
quotes and markup, and URL tricks. Written out here, character by character,
so the tests need nothing from the network.
"""

from __future__ import annotations

# Every C0 control, DEL and every C1 control.
C0 = [chr(code) for code in range(0x00, 0x20)]
C1 = [chr(code) for code in range(0x80, 0xA0)]
CONTROLS = [*C0, "\x7f", *C1]

# The 66 noncharacters: U+FDD0..U+FDEF and the last two code points of every plane.
NONCHARACTERS = [chr(code) for code in range(0xFDD0, 0xFDF0)] + [
    chr(plane * 0x10000 + last) for plane in range(17) for last in (0xFFFE, 0xFFFF)
]

BIDI_CONTROLS = [
    "\u202a",  # LEFT-TO-RIGHT EMBEDDING
    "\u202b",  # RIGHT-TO-LEFT EMBEDDING
    "\u202c",  # POP DIRECTIONAL FORMATTING
    "\u202d",  # LEFT-TO-RIGHT OVERRIDE
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u2066",  # LEFT-TO-RIGHT ISOLATE
    "\u2067",  # RIGHT-TO-LEFT ISOLATE
    "\u2068",  # FIRST STRONG ISOLATE
    "\u2069",  # POP DIRECTIONAL ISOLATE
]

INVISIBLE = [
    "\u200b",  # ZERO WIDTH SPACE
    "\u200c",  # ZERO WIDTH NON-JOINER (needed inside Persian words, never alone)
    "\u200d",  # ZERO WIDTH JOINER
    "\u2060",  # WORD JOINER
    "\ufeff",  # ZERO WIDTH NO-BREAK SPACE / byte order mark
    "\u00ad",  # SOFT HYPHEN
    "\u034f",  # COMBINING GRAPHEME JOINER
    "\u115f",  # HANGUL CHOSEONG FILLER
    "\u1160",  # HANGUL JUNGSEONG FILLER
    "\u3164",  # HANGUL FILLER
    "\u180e",  # MONGOLIAN VOWEL SEPARATOR
    "\u2061",  # FUNCTION APPLICATION
    "\u2062",  # INVISIBLE TIMES
    "\u2063",  # INVISIBLE SEPARATOR
    "\u2064",  # INVISIBLE PLUS
    "\u200e",  # LEFT-TO-RIGHT MARK
    "\u200f",  # RIGHT-TO-LEFT MARK
    "\u061c",  # ARABIC LETTER MARK
    "\ufe0f",  # VARIATION SELECTOR-16
    "\U000e0001",  # LANGUAGE TAG
    "\U000e0041",  # TAG LATIN CAPITAL LETTER A
    "\u00a0",  # NO-BREAK SPACE
    "\u3000",  # IDEOGRAPHIC SPACE
    "\u2028",  # LINE SEPARATOR
    "\u2029",  # PARAGRAPH SEPARATOR
]

# Words with no break opportunity, long enough to overflow a 390 px screen.
LONG_WORDS = {
    "latin": "Donaudampfschifffahrtsgesellschaftskapitänswitwe" * 3,
    "thai": "ก้้้้้้้้้้้้้้้้้้้้้้้้ก้้้้้้้้้้้้้้้้้้้้้้้้" * 8,  # consonants under stacked tone marks
    "thai_words": "การประชุมคณะรัฐมนตรีเพื่อพิจารณาร่างพระราชบัญญัติงบประมาณรายจ่ายประจำปี" * 3,
    "dari": "دموکراسی‌خواهان" * 12,
    "pashto": "افغانستانپوهنتونونو" * 10,
    "cjk": "中华人民共和国国务院新闻办公室" * 8,
    "digits": "1234567890" * 20,
    "url_like": "https://example.org/" + "a" * 180,
    "zalgo": "Z" + "\u0336\u0337\u0338\u0321\u0322\u0327\u0328" * 20 + "algo",
}

COMBINING = [
    "e\u0301",  # e + combining acute (NFC makes it é)
    "\u0301",  # a lone combining mark
    "a" + "\u0300" * 50,  # fifty graves stacked on one letter
    "\u0915\u094d\u0937",  # Devanagari conjunct
    "ك\u064e\u064f\u0650\u0651\u0652",  # Arabic letter with every haraka
]

MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "<img src=x onerror=alert(2)>",
    "'; DROP TABLE comments_reply; --",
    "{{ 7*7 }} {% debug %} ${7*7}",
    "&lt;b&gt;escaped&lt;/b&gt; &amp;amp;",
    "<!-- comment --> <![CDATA[ x ]]>",
    "<svg/onload=alert(3)>",
    "javascript:alert(4)",
    "\"double\" 'single' «guillemets» „low“ ‘curly’ `backtick` ״gershayim״",
    "</textarea><script>alert(5)</script>",
]

URL_TRICKS = [
    "http://foo.bar/#x=`y",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://example.org/a b",
    'http://example.org/"onmouseover="alert(1)',
    "http://example.org/<script>",
    "http://user:pass@example.org/",
    "http://example.org\\@evil.example/",
    "http://exa\u202emple.org/",
    "http://example.org/\u0000",
    "http://[::1]:99999/",
    "http://example.org/%zz",
    "//evil.example/",
    "http://example.org/{x}|^",
    "ftp://example.org/file",
    "http://xn--80ak6aa92e.com/",  # a punycode look-alike, valid as an address
    "https://example.org/مقاله?q=کابل#بخش",  # an IRI: converted, not refused
]


def corpus() -> list[tuple[str, str]]:
    """Every entry as (label, text); single characters are also put inside a word."""
    entries: list[tuple[str, str]] = []
    for group, characters in (
        ("control", CONTROLS),
        ("nonchar", NONCHARACTERS),
        ("bidi", BIDI_CONTROLS),
        ("invisible", INVISIBLE),
    ):
        entries += [(f"{group} U+{ord(c):04X}", f"Na{c}dia {c}Rahimi{c}") for c in characters]
        entries.append((f"{group} only", "".join(characters)))
    entries += [(f"long {name}", word) for name, word in LONG_WORDS.items()]
    entries += [(f"combining {i}", text) for i, text in enumerate(COMBINING)]
    entries += [(f"markup {i}", text) for i, text in enumerate(MARKUP)]
    entries += [(f"url {i}", text) for i, text in enumerate(URL_TRICKS)]
    return entries
