"""Standard numbers as people type them, read into one canonical form."""

from __future__ import annotations

import pytest

from suigang.engines.standards import Scheme, StandardNumber, parse_query, parse_standard


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("ISO 9001", "ISO 9001"),
        ("iso9001:2015", "ISO 9001:2015"),
        ("ISO 9001-2015", "ISO 9001:2015"),  # a hyphen before a four-digit year is the edition
        ("ISO 9001 2015", "ISO 9001:2015"),
        ("  ISO   9001 : 2015 ", "ISO 9001:2015"),
        ("ISO-9001", "ISO 9001"),
        ("ISO 9001:2015(E)", "ISO 9001:2015"),  # the language letter is not part of the number
        ("GB/T 19001", "GB/T 19001"),
        ("GBT19001-2016", "GB/T 19001-2016"),
        ("gb/t 19001", "GB/T 19001"),
        ("GB-T 19001", "GB/T 19001"),
        ("GB T 19001", "GB/T 19001"),
        ("GB/T19001—2016", "GB/T 19001-2016"),  # em dash
        ("GB/T 19001——2016", "GB/T 19001-2016"),  # the doubled dash a Chinese keyboard gives
        ("GB/T 19001–2016", "GB/T 19001-2016"),  # en dash
        ("GB/T 19001:2016", "GB/T 19001-2016"),
        ("ＧＢ／Ｔ　１９００１－２０１６", "GB/T 19001-2016"),  # full-width throughout
        ("GB 19001", "GB 19001"),
        ("ISO/IEC 17025", "ISO/IEC 17025"),
        ("iso iec 17025:2017", "ISO/IEC 17025:2017"),
        ("IEC 60204-1:2016", "IEC 60204-1:2016"),
        ("IEC 60204-1-2016", "IEC 60204-1:2016"),
        ("IEC 61000-6-2:1999", "IEC 61000-6-2:1999"),
        ("IEC 62443-3-3", "IEC 62443-3-3"),
        ("ISO/TS 16949", "ISO/TS 16949"),
        ("IEC TS 62443-1-1", "IEC/TS 62443-1-1"),
        ("IEC/TS 62443-1-1:2009", "IEC/TS 62443-1-1:2009"),
        ("ISO/IEC TR 27008:2019", "ISO/IEC TR 27008:2019"),
        ("ISO/IEC Guide 98-3:2008", "ISO/IEC Guide 98-3:2008"),
        ("ISO/IEC/IEEE 15288:2023", "ISO/IEC/IEEE 15288:2023"),
        ("GB/T 20438.1-2017", "GB/T 20438.1-2017"),
        ("GB/T 20438．1－2017", "GB/T 20438.1-2017"),  # full-width dot and hyphen
        ("GB/T 16855-1", "GB/T 16855.1"),  # a one-digit -n after a GB number is its part
        ("GB 3100-93", "GB 3100-1993"),  # the old two-digit years of GB numbers
        ("GB/Z 41275.1-2022", "GB/Z 41275.1-2022"),
        ("GBZ 41275.1", "GB/Z 41275.1"),
        ("YYT0287-2017", "YY/T 0287-2017"),  # a sector code glued to its kind
        ("DB44/T 1234-2020", "DB44/T 1234-2020"),  # a local (Guangdong) standard
        ("IEC 60204-1:2016+AMD1:2021 CSV", "IEC 60204-1:2016/Amd 1:2021"),
        ("ISO 10218-1:2006/Cor.1:2007", "ISO 10218-1:2006/Cor 1:2007"),
        ("GB/T 19001-2016 质量管理体系 要求", "GB/T 19001-2016"),  # a pasted title is ignored
        ("《GB/T 19001-2016》", "GB/T 19001-2016"),
        ("国标 GB/T 19001-2016", "GB/T 19001-2016"),
    ],
)
def test_typed_spellings_read_to_one_canonical_form(typed: str, canonical: str) -> None:
    """Every usual way of typing a number gives its canonical spelling."""
    assert parse_standard(typed).text == canonical


def test_fields_of_a_part_number() -> None:
    """IEC 61000-6-2:2016: one body, number 61000, parts 6 and 2, edition 2016."""
    n = parse_standard("iec61000-6-2:2016")
    assert n == StandardNumber(("IEC",), "61000", None, ("6", "2"), 2016)
    assert n.scheme is Scheme.INTERNATIONAL
    assert n.mandatory is None  # mandatory/recommended is a Chinese distinction only


def test_gb_is_mandatory_and_gbt_is_not() -> None:
    """GB is mandatory, GB/T recommended and GB/Z guidance; they stay different numbers."""
    gb, gbt, gbz = (parse_standard(t) for t in ("GB 19001", "GB/T 19001", "GB/Z 19001"))
    assert (gb.mandatory, gbt.mandatory, gbz.mandatory) == (True, False, False)
    assert gb != gbt and gb.kind is None and gbt.kind == "T" and gbz.kind == "Z"
    assert gb.identity == gbt.identity  # same family: a GB may be reissued as GB/T


def test_leading_zeros_keep_their_spelling_but_compare_as_numbers() -> None:
    """YY/T 0287 and YY/T 287 are the same standard; the canonical text keeps what was typed."""
    assert parse_standard("YY/T 0287").identity == parse_standard("YY/T 287").identity
    assert parse_standard("YY/T 0287").text == "YY/T 0287"


def test_dual_number_is_two_numbers() -> None:
    """The cover line of an identical adoption names both standards; the query reads both."""
    cn, intl = parse_query("GB/T 35673—2017/IEC 62443-3-3:2013")
    assert (cn.text, intl.text) == ("GB/T 35673-2017", "IEC 62443-3-3:2013")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "standard number is empty"),
        ("9001", "'9001' is not a standard number"),
        ("ISO", "'ISO' is not a standard number"),
        ("ISO 9001abc", "cannot read 'ABC' after ISO 9001"),
        ("ISO 9001:201", "year '201' in 'ISO 9001:201' is not a four-digit year"),
        ("ISO 9001:2150", "year 2150 in 'ISO 9001:2150' is outside 1900–2099"),
        ("ISO TS TR 1", "names more than one kind of document (TS, TR)"),
        ("GB/T 35673-2017/IEC 62443-3-3:2013", "holds two standard numbers; give one"),
    ],
)
def test_what_is_not_a_number_is_refused_with_its_reason(typed: str, message: str) -> None:
    """A bad number is refused, and the message says what was wrong with it."""
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_standard(typed)


def test_number_validates_its_fields() -> None:
    """Built directly (e.g. from a database row), a number still checks its fields."""
    with pytest.raises(ValueError, match="number must be digits, got '90a1'"):
        StandardNumber(("ISO",), "90a1")
    with pytest.raises(ValueError, match="kind must be one of"):
        StandardNumber(("ISO",), "9001", "XX")


def test_trailing_punctuation_is_not_part_of_the_number() -> None:
    """A number at the end of a sentence or in a list keeps its reading."""
    assert [parse_standard(t).text for t in ("ISO 9001.", "GB/T 19001-2016,", "IEC 60529;")] == [
        "ISO 9001", "GB/T 19001-2016", "IEC 60529",
    ]  # fmt: skip
