# Hand-written: copied by sdkgen from specs/openspawn/lib/mock_rules.py; edit that file, not this copy (spec sha256 cfc599caec6380cbbbe65fb040c951531dcf3b302ab075a75d6a1ec96198e248).
"""OpenSpawn's credit rules in the mock (``python -m openspawn.mock``, ``mock_mode=True``).

The generic simulation stores agents, tasks and messages, validates requests, verifies agent
signatures and dedupes ``Idempotency-Key``. What only OpenSpawn does: ``POST /v1/credits/spend``
and ``POST /v1/credits/transfer`` take ``amount`` from the calling agent's balance (the documented
balance example's ``balance`` to start with), answer ``balanceAfter``, and are refused with
``422 INSUFFICIENT_CREDITS`` when the balance is below ``amount``; ``GET /v1/credits/balance``
reflects them. A repeated idempotency key is answered by the generic replay, never charged twice.
"""

from __future__ import annotations

import json
from typing import Any, Optional

import httpx

from .._mock import Call, MockAPI, MockRules

__all__ = ["RULES", "OpenSpawnRules"]

_MOVES = ("spendCredits", "transferCredits")


class OpenSpawnRules(MockRules):
    def __init__(self) -> None:
        self.spent = 0  # credits taken from the calling agent so far

    def check(self, api: MockAPI, call: Call) -> Optional[httpx.Response]:
        if call.op["id"] not in _MOVES or api.replays(call):
            return None
        try:
            amount = json.loads(call.request.content or b"null").get("amount")
        except (ValueError, AttributeError):
            return None  # the generic validation answers a malformed body
        balance = self.balance(api)
        if isinstance(amount, (int, float)) and not isinstance(amount, bool) and amount > balance:
            message = f"amount: the balance ({balance}) is below {amount}"
            return api.error(call.op, 422, call.request_id, message, code="INSUFFICIENT_CREDITS")
        return None

    def answer(self, api: MockAPI, call: Call, body: Any) -> Any:
        if not isinstance(body, dict):
            return body
        if call.op["id"] in _MOVES and isinstance(call.body, dict):
            self.spent += int(call.body["amount"])
            body.update(amount=call.body["amount"], balanceAfter=self.balance(api))
        elif call.op["id"] == "getCreditBalance":
            body["balance"] = self.balance(api)
            body["lifetimeSpent"] = int(body.get("lifetimeSpent", 0)) + self.spent
        return body

    def balance(self, api: MockAPI) -> int:
        example = api.example("getCreditBalance") or {}
        return int(example.get("balance", 0)) - self.spent


RULES = OpenSpawnRules  # a class: each mock gets its own state
