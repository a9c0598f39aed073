# Hand-written: copied by sdkgen from specs/taskforceai/lib/streams.py; edit that file, not this copy (spec sha256 190aa7ccc983f5bcd35f1739efa0048ddb2a87f82a7f5209e423f58209cd171c).
"""Public import path of the task streams ``run_task_stream`` returns.

The classes live in ``_async_client`` (and its derived twin ``_sync_client``); they are
re-exported here so the package can export ``TaskStream`` and ``AsyncTaskStream`` for type
annotations (``info.x-sdk-extend.exports`` names modules without a leading underscore).
"""

from __future__ import annotations

from ._async_client import AsyncTaskStream
from ._sync_client import TaskStream

__all__ = ["AsyncTaskStream", "TaskStream"]
