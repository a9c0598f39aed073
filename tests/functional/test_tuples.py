"""``prefixItems`` whose parts need decoding, on the package generated from
specs/tuples.yaml: closed ones are ``Tuple``s whose every part is decoded and encoded through
its own type (models, dates, enums, unions; nested in lists; a whole response); open ones are
lists whose items decode by position. Decode failures are the package's
``APIResponseValidationError`` pointing at the part. Sync and async from one body; the
package passes ``mypy --strict``."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support.packages import generate_and_import
from tests.support.twins import Twin, both, run

SPEC = Path(__file__).parent / "specs" / "tuples.yaml"
WHEN = dt.datetime(2026, 1, 5, 10, tzinfo=dt.timezone.utc)
TRACK = {
    "stamp": [{"x": 1.5, "y": 2.0}, "2026-01-05T10:00:00+00:00", "high"],
    "span": ["2026-01-01", "2026-01-31"],
    "single": [{"x": 0.0, "y": 0.0}],
    "trail": [["2026-01-05T10:00:00+00:00", 1.0], ["2026-01-05T10:00:00+00:00", 2.5]],
    "shaped": [{"kind": "circle", "r": 2.0}, "round"],
    "tagged": ["2026-01-05T10:00:00+00:00", {"x": 3.0, "y": 4.0}, "low", "high"],
    "loose": ["2026-01-02", "anything", 3],
    "plain": [7, "seven"],
}


@pytest.fixture(scope="module")
def tuples(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_and_import(SPEC, tmp_path_factory.mktemp("tuples"), "tuples")


def test_annotations(tuples: ModuleType) -> None:
    hints = inspect.get_annotations(tuples.models.Track)
    assert hints["stamp"] == "Tuple[Point, _dt.datetime, Level]"
    assert hints["span"] == "Optional[Tuple[_dt.date, _dt.date]]"  # closed by maxItems
    assert hints["single"] == "Optional[Tuple[Point]]"
    assert hints["trail"] == "Optional[List[Tuple[_dt.datetime, float]]]"
    assert hints["shaped"] == "Optional[Tuple[Shape, str]]"
    # Open: a list of the parts' and the rest's types, decoded by position.
    assert hints["tagged"] == "Optional[List[Union[_dt.datetime, Point, Level]]]"
    assert hints["loose"] == "Optional[List[_dt.date]]"
    assert hints["plain"] == "Optional[Tuple[int, str]]"
    resource = type(tuples.TuplesClient(base_url="http://127.0.0.1:9").default)
    assert inspect.signature(resource.get_fix).return_annotation == "Tuple[Point, _dt.datetime]"


@both
def test_every_part_is_decoded_by_its_type(tuples: ModuleType, is_async: bool) -> None:
    models = tuples.models

    async def body(t: Twin) -> None:
        client = t.client(tuples, lambda r: httpx.Response(200, json=TRACK))
        track = await t.call(client.default.get_track("t1"))
        point, when, level = track.stamp
        assert isinstance(track.stamp, tuple) and isinstance(point, models.Point)
        assert (point.x, point.y, when, level) == (1.5, 2.0, WHEN, models.Level.HIGH)
        assert track.span == (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
        assert isinstance(track.single[0], models.Point) and len(track.single) == 1
        assert track.trail == [(WHEN, 1.0), (WHEN, 2.5)]
        assert isinstance(track.shaped[0], models.Circle) and track.shaped[1] == "round"
        assert track.tagged[0] == WHEN and isinstance(track.tagged[1], models.Point)
        assert track.tagged[2:] == [models.Level.LOW, models.Level.HIGH]
        assert track.loose == [dt.date(2026, 1, 2), "anything", 3]  # after the prefix: as sent
        assert track.plain == (7, "seven")
        # Back to the same JSON.
        assert json.loads(json.dumps(track.to_dict())) == TRACK

    run(is_async, body)


@both
def test_a_whole_response_and_a_request_body(tuples: ModuleType, is_async: bool) -> None:
    models = tuples.models
    fix = [{"x": 1.0, "y": -1.0}, "2026-01-05T10:00:00+00:00"]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(201, json=json.loads(request.content))
        return httpx.Response(200, json=fix)

    async def body(t: Twin) -> None:
        client = t.client(tuples, handler)
        point, when = await t.call(client.default.get_fix())
        assert isinstance(point, models.Point) and point.y == -1.0 and when == WHEN
        created = await t.call(
            client.default.create_track(
                stamp=(models.Point(x=1.5, y=2.0), WHEN, models.Level.HIGH),
                trail=[(WHEN, 1.0)],
                shaped=(models.Square(kind="square", side=1.0), "boxy"),
                tagged=[WHEN, models.Point(x=3.0, y=4.0), models.Level.LOW],
            )
        )
        sent = json.loads(t.requests[-1].content)
        assert sent == {
            "stamp": TRACK["stamp"],
            "trail": [["2026-01-05T10:00:00+00:00", 1.0]],
            "shaped": [{"kind": "square", "side": 1.0}, "boxy"],
            "tagged": ["2026-01-05T10:00:00+00:00", {"x": 3.0, "y": 4.0}, "low"],
        }
        assert created.stamp[1] == WHEN and isinstance(created.shaped[0], models.Square)

    run(is_async, body)  # requests and responses checked against the spec (prefixItems too)


CASES: dict[str, tuple[Any, str, str]] = {
    "bad date in a part": (
        {**TRACK, "stamp": [{"x": 1, "y": 2}, "not a date", "high"]},
        "/stamp/1",
        "datetime",
    ),
    "model part missing a field": (
        {**TRACK, "stamp": [{"x": 1}, "2026-01-05T10:00:00+00:00", "high"]},
        "/stamp/0/y",
        "float",
    ),
    "closed tuple too short": (
        {**TRACK, "stamp": [{"x": 1, "y": 2}, "2026-01-05T10:00:00+00:00"]},
        "/stamp",
        "Tuple[Point, datetime, Level]",
    ),
    "tuple in a list": (
        {**TRACK, "trail": [["2026-01-05T10:00:00+00:00", 1.0], ["yesterday", 2.0]]},
        "/trail/1/0",
        "datetime",
    ),
    "open tuple part": (
        {**TRACK, "tagged": ["2026-01-05T10:00:00+00:00", {"x": 3}]},
        "/tagged/1/y",
        "float",
    ),
}


@both
@pytest.mark.parametrize("case", sorted(CASES))
def test_decode_failures_point_at_the_part(tuples: ModuleType, is_async: bool, case: str) -> None:
    data, pointer, expected = CASES[case]

    async def body(t: Twin) -> None:
        t.off_spec = "a body that breaks the spec on purpose"
        client = t.client(tuples, lambda r: httpx.Response(200, json=data))
        with pytest.raises(tuples.APIResponseValidationError) as caught:
            await t.call(client.default.get_track("t1"))
        assert caught.value.pointer == pointer and caught.value.expected == expected
        assert caught.value.status_code == 200 and isinstance(caught.value, ValueError)

    run(is_async, body)


def test_the_package_passes_mypy_strict(tuples: ModuleType) -> None:
    src = Path(tuples.__file__).parent
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null",
         "--config-file", str(src.parent.parent / "pyproject.toml"), str(src)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
