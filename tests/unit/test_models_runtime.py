"""The models runtime: open enums, date-times, base64, ``to_json`` and mapping-style access."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar, Optional

import attrs
import pytest

from generator.runtime._models import (
    IntEnum,
    Model,
    StrEnum,
    b64decode,
    b64encode,
    parse_datetime,
    to_json,
)

UTC = dt.timezone.utc


class Kind(StrEnum):
    DOG = "dog"
    CAT = "cat"


class Size(IntEnum):
    VALUE_1 = 1
    VALUE_2 = 2


# Shaped like tests/golden/features/expected/src/features/models/owner.py.
@attrs.define(slots=True)
class Owner(Model):
    name: str
    created_at: Optional[dt.datetime] = None
    nickname: Optional[str] = None
    friend: Optional[Owner] = None
    tags: Optional[list[str]] = None
    additional_properties: dict[str, Any] = attrs.field(factory=dict, repr=False)

    _wire: ClassVar[dict[str, str]] = {
        "name": "name",
        "createdAt": "created_at",
        "nickname": "nickname",
        "friend": "friend",
        "tags": "tags",
    }
    _known: ClassVar[frozenset[str]] = frozenset(_wire)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Owner:
        _f2 = d.get("createdAt")
        _f4 = d.get("friend")
        obj = cls(
            d["name"],
            None if _f2 is None else parse_datetime(_f2),
            d.get("nickname"),
            None if _f4 is None else Owner.from_dict(_f4),
            d.get("tags"),
        )
        if not cls._known.issuperset(d):
            obj.additional_properties = {k: v for k, v in d.items() if k not in cls._known}
        return obj

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = dict(self.additional_properties)
        d["name"] = self.name
        if self.created_at is not None:
            d["createdAt"] = self.created_at.isoformat()
        if self.nickname is not None:
            d["nickname"] = self.nickname
        if self.friend is not None:
            d["friend"] = to_json(self.friend)
        if self.tags is not None:
            d["tags"] = self.tags
        return d


# --- enums ---------------------------------------------------------------------------------


def test_str_enum_known_members() -> None:
    assert Kind("dog") is Kind.DOG
    assert Kind.DOG == "dog"
    assert str(Kind.DOG) == "dog"
    assert f"{Kind.CAT}" == "cat"
    assert Kind.DOG.value == "dog"


def test_str_enum_keeps_unknown_value() -> None:
    bird = Kind("bird")
    assert isinstance(bird, Kind)
    assert bird.value == "bird"
    assert bird.name == "BIRD"
    assert bird == "bird"
    assert str(bird) == "bird"
    assert bird not in (Kind.DOG, Kind.CAT)
    assert list(Kind) == [Kind.DOG, Kind.CAT]  # unknown values are not added to the class


def test_str_enum_rejects_non_strings() -> None:
    with pytest.raises(ValueError):
        Kind(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Kind(None)  # type: ignore[arg-type]


def test_int_enum_known_members() -> None:
    assert Size(2) is Size.VALUE_2
    assert Size.VALUE_1 == 1
    assert str(Size.VALUE_2) == "2"
    assert Size.VALUE_2 + 1 == 3


def test_int_enum_keeps_unknown_value() -> None:
    seven = Size(7)
    assert isinstance(seven, Size)
    assert seven.value == 7
    assert seven.name == "VALUE_7"
    assert seven == 7
    assert str(seven) == "7"
    assert list(Size) == [Size.VALUE_1, Size.VALUE_2]


@pytest.mark.parametrize("value", [False, "1", "7", 1.5, None])
def test_int_enum_rejects_non_ints(value: Any) -> None:
    # False is not kept as an unknown VALUE_0 (True would find VALUE_1, as for any int enum).
    with pytest.raises(ValueError):
        Size(value)


def test_unknown_enum_values_round_trip_through_json() -> None:
    import json

    assert json.dumps({"kind": Kind("bird"), "size": Size(9)}) == '{"kind": "bird", "size": 9}'


# --- parse_datetime ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T12:00:00Z", dt.datetime(2024, 5, 1, 12, tzinfo=UTC)),
        ("2024-05-01T12:00:00z", dt.datetime(2024, 5, 1, 12, tzinfo=UTC)),
        ("2024-05-01T12:00:00+00:00", dt.datetime(2024, 5, 1, 12, tzinfo=UTC)),
        (
            "2024-05-01T14:30:00+02:30",
            dt.datetime(2024, 5, 1, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2, minutes=30))),
        ),
        (
            "2024-05-01T07:00:00-05:00",
            dt.datetime(2024, 5, 1, 7, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        ),
        ("2024-05-01T12:00:00.5Z", dt.datetime(2024, 5, 1, 12, 0, 0, 500000, tzinfo=UTC)),
        ("2024-05-01T12:00:00.123456Z", dt.datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)),
        (
            "2024-05-01T12:00:00.123+01:00",
            dt.datetime(2024, 5, 1, 12, 0, 0, 123000, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
        ("2024-05-01T12:00:00", dt.datetime(2024, 5, 1, 12)),
    ],
)
def test_parse_datetime(text: str, expected: dt.datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


def test_parse_datetime_same_instant_across_offsets() -> None:
    assert parse_datetime("2024-05-01T12:00:00Z") == parse_datetime("2024-05-01T14:00:00+02:00")


def test_parse_datetime_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        parse_datetime("yesterday")


# --- base64 --------------------------------------------------------------------------------


def test_b64_round_trip() -> None:
    assert b64encode(b"hi") == "aGk="
    assert b64decode("aGk=") == b"hi"
    data = bytes(range(256))
    assert b64decode(b64encode(data)) == data
    assert b64encode(b"") == ""
    assert isinstance(b64encode(b"\xff"), str)


# --- to_json -------------------------------------------------------------------------------


def test_to_json_of_model_and_plain_values() -> None:
    owner = Owner("Ann", nickname="A")
    assert to_json(owner) == {"name": "Ann", "nickname": "A"}
    given = {"name": "Bob", "anything": [1]}
    assert to_json(given) is given
    assert to_json([1, 2]) == [1, 2]
    assert to_json(None) is None


def test_to_json_nested_and_extra_fields() -> None:
    owner = Owner.from_dict(
        {"name": "Ann", "createdAt": "2024-05-01T12:00:00Z", "friend": {"name": "Bob"}, "x": 1}
    )
    assert to_json(owner) == {
        "x": 1,
        "name": "Ann",
        "createdAt": "2024-05-01T12:00:00+00:00",
        "friend": {"name": "Bob"},
    }


# --- the mapping protocol ------------------------------------------------------------------


@pytest.fixture
def owner() -> Owner:
    return Owner.from_dict(
        {
            "name": "Ann",
            "createdAt": "2024-05-01T12:00:00Z",
            "nickname": None,
            "friend": {"name": "Bob"},
            "color": "brown",
            "empty": None,
        }
    )


def test_getitem_by_wire_name(owner: Owner) -> None:
    assert owner["name"] == "Ann"
    assert owner["createdAt"] == dt.datetime(2024, 5, 1, 12, tzinfo=UTC)
    assert owner["nickname"] is None
    assert owner["friend"]["name"] == "Bob"


def test_getitem_additional_property(owner: Owner) -> None:
    assert owner["color"] == "brown"
    assert owner["empty"] is None


def test_getitem_missing_raises_key_error(owner: Owner) -> None:
    with pytest.raises(KeyError):
        owner["nope"]
    with pytest.raises(KeyError):
        owner["created_at"]  # attribute names are not wire names


def test_get(owner: Owner) -> None:
    assert owner.get("name") == "Ann"
    assert owner.get("nickname") is None
    assert owner.get("nickname", "none") == "none"  # null counts as absent
    assert owner.get("tags", []) == []
    assert owner.get("color") == "brown"
    assert owner.get("empty", 0) == 0
    assert owner.get("nope") is None
    assert owner.get("nope", "d") == "d"


def test_contains(owner: Owner) -> None:
    assert "name" in owner
    assert "createdAt" in owner
    assert "created_at" not in owner
    assert "nickname" not in owner  # declared but null
    assert "tags" not in owner  # declared but absent
    assert "color" in owner
    assert "empty" in owner  # an undeclared key is present even when null
    assert "nope" not in owner
    assert 3 not in owner
    assert None not in owner


def test_model_keeps_attribute_access_and_slots(owner: Owner) -> None:
    assert owner.created_at == owner["createdAt"]
    assert owner.additional_properties == {"color": "brown", "empty": None}
    with pytest.raises(AttributeError):
        owner.undeclared = 1  # type: ignore[attr-defined]


def test_format_datetime_always_carries_an_offset() -> None:
    import datetime as dt

    from generator.runtime._models import format_datetime

    aware = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    assert format_datetime(aware) == "2024-01-02T03:04:05+00:00"
    naive = dt.datetime(2024, 1, 2, 3, 4, 5)
    text = format_datetime(naive)
    assert text.startswith("2024-01-02T03:04:05") and text[19] in "+-"
    assert dt.datetime.fromisoformat(text) == naive.astimezone()


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
        dt.datetime(2024, 12, 31, 23, 59, 59, 999_999, tzinfo=dt.timezone.utc),
        dt.datetime(2024, 1, 2, 3, 4, 5, 1, tzinfo=dt.timezone.utc),
        dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc),
        dt.datetime(987, 6, 5, 4, 3, 2, 10, tzinfo=dt.timezone.utc),
        dt.datetime(2024, 1, 2, 3, 4, 5, 120, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(0))),
    ],
)
def test_format_datetime_is_isoformat_of_aware_values(value: dt.datetime) -> None:
    from generator.runtime._models import format_datetime

    assert format_datetime(value) == value.isoformat()


def test_format_datetime_leaves_subclasses_to_their_own_isoformat() -> None:
    from generator.runtime._models import format_datetime

    class Stamp(dt.datetime):
        def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
            return "custom"

    assert format_datetime(Stamp(2024, 1, 2, tzinfo=dt.timezone.utc)) == "custom"


def test_enum_lookup_by_value_matches_enum_semantics() -> None:
    assert Kind("dog") is Kind.DOG and Kind(Kind.CAT) is Kind.CAT
    assert Size(2) is Size.VALUE_2 and Size(True) is Size.VALUE_1  # as enum.Enum answers
    assert Size(2.0) is Size.VALUE_2
    with pytest.raises(ValueError):
        Kind(["dog"])  # unhashable: the usual path, which finds nothing
    with pytest.raises(ValueError):
        Size(False)  # hash-equal to 0, not listed, refused by _missing_ as a bool
    made = StrEnum("Made", {"A": "a"})  # the functional API still works
    assert made("a").name == "A"


def test_enum_str_is_the_value_for_listed_and_kept_members() -> None:
    for member in (Kind.DOG, Kind("fox"), Size.VALUE_2, Size(7), Size(-3)):
        assert str(member) == str(member.value) and type(str(member)) is str
