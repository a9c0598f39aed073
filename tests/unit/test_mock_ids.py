"""Per-id truth in the mock: a resource's answers are its own (nothing from an example leaks
into a created resource), unknown ids answer as themselves and never as another resource, deleted
ids are gone, and ids containing ``missing``, ``invalid`` or ``notfound`` answer 404 in the
platform's error schema."""

from __future__ import annotations

import importlib
from typing import Any

import httpx
import pytest

from tests.support.packages import import_generated

CODEVF = {"authorization": "Bearer sk_test_ids"}


def mock(name: str, **options: Any) -> Any:
    import_generated(name)
    routes = importlib.import_module(f"{name}._mock_routes").ROUTES
    return importlib.import_module(f"{name}._mock").MockAPI(routes, **options)


def send(api: Any, method: str, path: str, **kwargs: Any) -> httpx.Response:
    response: httpx.Response = api.handle(httpx.Request(method, "http://mock" + path, **kwargs))
    return response


def test_a_finished_task_has_its_own_outcome_not_the_examples() -> None:
    api = mock("codevf")
    body = {"prompt": "Refactor this script to use vectorized operations.", "maxCredits": 30,
            "projectId": 123}  # fmt: skip
    task = send(api, "POST", "/tasks/create", json=body, headers=CODEVF).json()
    seen = [send(api, "GET", f"/tasks/{task['id']}", headers=CODEVF).json() for _ in range(4)]
    assert [t["status"] for t in seen] == ["pending", "processing", "completed", "completed"]
    assert all(t["result"] is None and t["deliverables"] == [] for t in seen[:2])
    done = seen[-1]
    assert done["metadata"] == {}  # the client sent none; the example's stays the example's
    urls = [d["url"] for d in done["deliverables"]]
    assert urls and all(task["id"] in url and "task_8f3c2a91d4" not in url for url in urls)


def test_unknown_ids_answer_as_themselves_and_deleted_ones_are_gone() -> None:
    api = mock("flowmaestro")
    auth = {"authorization": "Bearer fm_live_ids"}
    read = send(api, "GET", "/v1/workflows/wf_unheard_of", headers=auth)
    assert read.status_code == 200 and read.json()["data"]["id"] == "wf_unheard_of"
    hook = {"name": "n", "url": "https://example.com/h", "events": ["execution.completed"]}
    created = send(api, "POST", "/v1/webhooks", json=hook, headers=auth).json()["data"]
    send(api, "DELETE", f"/v1/webhooks/{created['id']}", headers=auth)
    again = send(api, "DELETE", f"/v1/webhooks/{created['id']}", headers=auth)
    assert again.status_code == 404 and again.json()["error"]["code"]


@pytest.mark.parametrize(
    ("name", "path", "code"),
    [
        ("flowmaestro", "/v1/workflows/invalid-id", ("error", "code")),
        ("openspawn", "/v1/agents/invalid_id", ("code",)),
        ("codevf", "/tasks/task_missing", ("error", "code")),
        ("taskforceai", "/status/task_notfound", ("error", "code")),
        ("flowmaestro", "/v1/executions/exec_missing/stream", ("error", "code")),
    ],
)
def test_test_ids_answer_404_in_the_platform_error_schema(
    name: str, path: str, code: tuple[str, ...]
) -> None:
    response = send(mock(name), "GET", path, headers={"authorization": "Bearer x"})
    assert response.status_code == 404
    body: Any = response.json()
    for key in code:
        body = body[key]
    assert isinstance(body, str) and body
