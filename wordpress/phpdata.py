"""Read the PHP ``serialize()`` values WordPress keeps in postmeta (``_wp_attachment_metadata``).

Only data is read: strings, numbers, booleans, null and arrays. Objects
(``O:``) are refused rather than instantiated, so nothing in an export can
run code or name a class here. Lengths of strings are byte counts in the
UTF-8 text, as PHP writes them.
"""

from __future__ import annotations


class PHPDataError(ValueError):
    """The value is not a serialized PHP value we read."""


def loads(text: str):
    data = text.strip().encode()
    value, end = _value(data, 0)
    if end != len(data):
        raise PHPDataError("trailing data after the value")
    return value


def _until(data: bytes, pos: int, stop: bytes) -> tuple[bytes, int]:
    end = data.find(stop, pos)
    if end < 0:
        raise PHPDataError("unterminated value")
    return data[pos:end], end + len(stop)


def _value(data: bytes, pos: int):
    if pos + 1 >= len(data):
        raise PHPDataError("value expected")
    kind = data[pos : pos + 1]
    if kind == b"N":
        _, pos = _until(data, pos + 1, b";")
        return None, pos
    if data[pos + 1 : pos + 2] != b":":
        raise PHPDataError(f"unexpected {kind!r}")
    pos += 2
    try:
        if kind == b"b":
            raw, pos = _until(data, pos, b";")
            return raw == b"1", pos
        if kind == b"i":
            raw, pos = _until(data, pos, b";")
            return int(raw), pos
        if kind == b"d":
            raw, pos = _until(data, pos, b";")
            return float(raw), pos
        if kind == b"s":
            raw, pos = _until(data, pos, b":")
            length = int(raw)
            if data[pos : pos + 1] != b'"' or data[pos + 1 + length : pos + 3 + length] != b'";':
                raise PHPDataError("string length does not match")
            return data[pos + 1 : pos + 1 + length].decode("utf-8", "replace"), pos + 3 + length
        if kind == b"a":
            raw, pos = _until(data, pos, b":{")
            result = {}
            for _ in range(int(raw)):
                key, pos = _value(data, pos)
                if not isinstance(key, (int, str)):
                    raise PHPDataError("array key must be a number or a string")
                result[key], pos = _value(data, pos)
            if data[pos : pos + 1] != b"}":
                raise PHPDataError("array not closed")
            return result, pos + 1
    except ValueError as error:
        if isinstance(error, PHPDataError):
            raise
        raise PHPDataError(str(error)) from None
    raise PHPDataError(f"values of type {kind.decode(errors='replace')!r} are not read")
