"""Text folding for matching across scripts: search (articles) and the word lists (comments).

Persian, Dari and Pashto text is typed on Arabic keyboards as often as on
Persian ones, so the same word arrives with Arabic yeh (ي) or Persian yeh (ی),
Arabic kaf (ك) or keheh (ک), with or without diacritics, tatweel or a
zero-width non-joiner. Folding both the list entry and the reply the same way
lets one entry catch every spelling.
"""

import re
import unicodedata

from django.db import connection
from django.db.models import Func, TextField, Value
from django.db.models.functions import Lower

_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # ARABIC LETTER YEH -> FARSI YEH
        "\u0649": "\u06cc",  # ALEF MAKSURA -> FARSI YEH
        "\u06d2": "\u06cc",  # YEH BARREE (Urdu) -> FARSI YEH
        "\u0643": "\u06a9",  # ARABIC LETTER KAF -> KEHEH
        "\u0629": "\u0647",  # TEH MARBUTA -> HEH
        "\u06c0": "\u0647",  # HEH WITH YEH ABOVE -> HEH
        "\u06c1": "\u0647",  # HEH GOAL -> HEH
        "\u0623": "\u0627",  # ALEF WITH HAMZA ABOVE -> ALEF
        "\u0625": "\u0627",  # ALEF WITH HAMZA BELOW -> ALEF
        "\u0622": "\u0627",  # ALEF WITH MADDA -> ALEF
        "\u0671": "\u0627",  # ALEF WASLA -> ALEF
        "\u0640": None,  # TATWEEL (kashida)
        "\u200c": None,  # ZERO WIDTH NON-JOINER
        "\u200d": None,  # ZERO WIDTH JOINER
        "\u200b": None,  # ZERO WIDTH SPACE
        "\u00ad": None,  # SOFT HYPHEN
    }
)
# Arabic harakat, superscript alef and Quranic marks: optional vowel signs.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
# Arabic-Indic and Persian digits read as ASCII digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalize(text: str) -> str:
    """Fold case, compatibility forms and Arabic-script spelling variants."""
    text = unicodedata.normalize("NFKC", text)
    text = _MARKS.sub("", text).translate(_FOLD).translate(_DIGITS)
    return text.casefold()


# --- the same folding elsewhere: in SQL (search index) and in highlighting -------------------
# Every mark the pattern above removes, one by one.
_MARK_CHARS = "".join(
    chr(code) for code in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)]
)
_DIGIT_PAIRS = dict(zip("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789", strict=True))
# Characters that fold to nothing.
IGNORABLE = _MARK_CHARS + "".join(chr(code) for code, target in _FOLD.items() if target is None)


def sql_translate_arguments() -> tuple[str, str]:
    """``from`` and ``to`` of SQL's translate() doing the letter, digit and mark folds.

    translate() deletes the characters of ``from`` that have no counterpart in
    ``to``, so the replaced ones come first and the removed ones after them.
    """
    replaced = {chr(code): target for code, target in _FOLD.items() if target is not None}
    replaced.update(_DIGIT_PAIRS)
    return "".join(replaced) + IGNORABLE, "".join(replaced.values())


SQLITE_FOLD = "NEWSROOM_FOLD"


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: SQLite gets ``normalize`` as the SQL function NEWSROOM_FOLD."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FOLD, 1, lambda value: None if value is None else normalize(value), deterministic=True
        )


def fold_sql(expression, *, lower: bool = False):
    """``normalize`` in SQL, for comparing a column with folded words. PostgreSQL: NFKC, then
    translate() (lower case too when ``lower``; its text search folds case by itself); SQLite:
    the function registered above, which folds case."""
    if connection.vendor != "postgresql":
        return Func(expression, function=SQLITE_FOLD, output_field=TextField())
    composed = Func(expression, function="normalize", template="normalize(%(expressions)s, NFKC)")
    letters_from, letters_to = sql_translate_arguments()
    translated = Func(
        composed, Value(letters_from), Value(letters_to), function="translate", output_field=TextField()
    )
    return Lower(translated) if lower else translated


def spellings(char: str) -> str:
    """``char`` and every character that folds to it (for a pattern matching the original text)."""
    found = [char, char.upper()] if char.upper() != char else [char]
    found += [chr(code) for code, target in _FOLD.items() if target == char]
    found += [source for source, target in _DIGIT_PAIRS.items() if target == char]
    return "".join(found)


# --- what readers send: cleaned once, on input ----------------------------------------------
# Removed from every field: C0 controls (but tab and line breaks in the
# comment), DEL, C1 controls, surrogates, noncharacters, the byte order mark
# used as a space, and the bidirectional embeddings, overrides and isolates
# that can turn the text around it (a name or address shown backwards). Left
# alone: ZWNJ and ZWJ (Persian spelling, emoji), LRM/RLM/ALM (direction marks
# a reader types on purpose), soft hyphens and zero-width spaces (Thai and
# Khmer line-break hints).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufeff"
    + BIDI_CONTROLS
    + "]|[\ufffe\uffff\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff"
    "\U0004fffe\U0004ffff\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff"
    "\U0008fffe\U0008ffff\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff"
    "\U000cfffe\U000cffff\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff"
    "\U0010fffe\U0010ffff]"
)
# Letters and symbols that draw nothing: the Hangul fillers, the half-width
# filler and the blank Braille pattern.
_BLANK_GRAPHICS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def clean_input(text: str, *, multiline: bool = False) -> str:
    """``text`` as stored: NFC, without control characters, noncharacters or bidi controls.

    A single-line field gets every line break and tab as a space; a
    multi-line one keeps its lines (CR LF and CR become LF).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = re.sub(r"[\t\n\u2028\u2029]", " ", text)
    else:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return unicodedata.normalize("NFC", _NOT_TEXT.sub("", text))


def has_visible_character(text: str) -> bool:
    """Whether ``text`` shows anything: a letter, digit, punctuation or symbol that draws."""
    return any(unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_GRAPHICS for char in text)
