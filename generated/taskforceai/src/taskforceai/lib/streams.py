# Hand-written: copied by sdkgen from specs/taskforceai/lib/streams.py; edit that file, not this copy (spec sha256 a14c618a3d3eee6a2abfaf2c3c0e2fab8bb30b5402296a96e8f6619b45b05b80).
"""Public import path of the task streams ``run_task_stream`` returns.

The classes live in ``_async_client`` (and its derived twin ``_sync_client``); they are
re-exported here so the package can export ``TaskStream`` and ``AsyncTaskStream`` for type
annotations (``info.x-sdk-extend.exports`` names modules without a leading underscore).
"""

from __future__ import annotations

from ._async_client import AsyncTaskStream
from ._sync_client import TaskStream

__all__ = ["AsyncTaskStream", "TaskStream"]
