"""Reading WordPress's serialized postmeta: what PHP's serialize() writes, and what must be refused."""

import pytest

from wordpress.phpdata import PHPDataError, loads


@pytest.mark.parametrize(
    "text, value",
    [
        ("N;", None),
        ("b:1;", True),
        ("i:-42;", -42),
        ("d:0.5;", 0.5),
        ('s:5:"kabul";', "kabul"),
        ('s:8:"کابل";', "کابل"),  # lengths count UTF-8 bytes, as PHP does
        ('s:7:"a";b:1;";', 'a";b:1;'),  # a string holding the syntax itself
        (
            'a:2:{s:5:"width";i:1200;s:5:"sizes";a:1:{s:6:"medium";a:1:{s:4:"file";s:18:"bazaar-300x200.jpg";}}}',
            {"width": 1200, "sizes": {"medium": {"file": "bazaar-300x200.jpg"}}},
        ),
        ('a:1:{i:0;s:0:"";}', {0: ""}),
    ],
)
def test_values_php_writes(text, value):
    assert loads(text) == value


@pytest.mark.parametrize(
    "text",
    [
        'O:8:"stdClass":0:{}',  # objects are never instantiated
        'C:11:"ArrayObject":21:{x:i:0;a:0:{};m:a:0:{}}',
        's:9:"kabul";',  # a length that does not match
        'a:2:{s:1:"a";i:1;}',  # fewer entries than announced
        "i:12",  # unterminated
        "a:1:{a:0:{}i:1;}",  # an array as a key
        "i:1;i:2;",  # trailing data
        "",
    ],
)
def test_anything_else_is_refused(text):
    with pytest.raises(PHPDataError):
        loads(text)
