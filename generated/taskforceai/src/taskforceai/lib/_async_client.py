# Hand-written: copied by sdkgen from specs/taskforceai/lib/_async_client.py; edit that file, not this copy (spec sha256 190aa7ccc983f5bcd35f1739efa0048ddb2a87f82a7f5209e423f58209cd171c).
"""The TaskForceAI clients with the two documented helpers that span two operations.

The generated clients already offer one method per operation (``submit_task``,
``get_task_status``, ``get_task_result``, ...) and, from the spec's ``x-sdk-polling``,
``wait_for_completion`` and the polling iterator ``stream_task_status``. The SDK's
documentation adds ``run_task`` (submit, then wait) and ``run_task_stream`` (submit, then
iterate over the polled statuses). A spec can't say "call this operation, then poll that one",
so these two live here, as subclasses of the generated clients.

The async code below is written by hand; ``_sync_client.py`` is derived from it by
``generator/unasync.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Callable, Optional, Union

from .. import _client
from .._runtime._async_poll import AsyncPoller
from ..models.task_options import TaskOptions
from ..models.task_status_response import TaskStatusResponse
from .validation import check_polling

__all__ = ["AsyncTaskForceAIClient", "AsyncTaskStream"]

OnStatus = Callable[[TaskStatusResponse], Any]


class AsyncTaskStream:
    """``submit_task`` followed by ``stream_task_status``, as one iterator with ``.cancel()``.

    The task is submitted when iteration starts (the first ``__anext__``), not when
    ``run_task_stream`` is called, so the object goes straight into ``async for`` like the one
    ``stream_task_status`` returns. After that ``task_id`` holds the submitted task's id.
    Each iteration yields the status read by one poll; the stream ends after ``completed``,
    raises ``WaitFailedError`` after a ``failed`` status (yielded first) and
    ``WaitTimeoutError`` when ``max_attempts`` polls pass without a terminal status (both
    carry ``.last`` and ``.status``). ``cancel()`` stops it locally before the next poll (the
    task keeps running on the platform); called before iterating, it means nothing is
    submitted. Leaving the ``async with`` block cancels it too.
    """

    def __init__(
        self,
        client: AsyncTaskForceAIClient,
        prompt: str,
        *,
        options: Optional[Union[TaskOptions, dict[str, Any]]],
        silent: Optional[bool],
        mock: Optional[bool],
        vercel_ai_key: Optional[str],
        poll_interval: Optional[float],
        max_attempts: Optional[int],
        on_status: Optional[OnStatus],
    ) -> None:
        self._client = client
        self._prompt = prompt
        self._options = options
        self._silent = silent
        self._mock = mock
        self._vercel_ai_key = vercel_ai_key
        self._poll_interval = poll_interval
        self._max_attempts = max_attempts
        self._on_status = on_status
        self._poller: Optional[AsyncPoller[TaskStatusResponse]] = None
        self._cancelled = False
        self.task_id: Optional[str] = None
        """The id of the submitted task; None until iteration has started."""

    @property
    def last(self) -> Optional[TaskStatusResponse]:
        """The most recent status read, if any."""
        return None if self._poller is None else self._poller.last

    def cancel(self) -> None:
        """Stop before the next poll (or before submitting, if iteration has not started)."""
        self._cancelled = True
        if self._poller is not None:
            self._poller.cancel()

    def __aiter__(self) -> AsyncIterator[TaskStatusResponse]:
        return self

    async def __anext__(self) -> TaskStatusResponse:
        if self._poller is None:
            if self._cancelled:
                raise StopAsyncIteration
            self.task_id = await self._client.submit_task(
                self._prompt,
                options=self._options,
                silent=self._silent,
                mock=self._mock,
                vercel_ai_key=self._vercel_ai_key,
            )
            self._poller = self._client.stream_task_status(
                self.task_id, self._poll_interval, self._max_attempts, self._on_status
            )
            if self._cancelled:  # cancelled from elsewhere while the task was submitted
                self._poller.cancel()
        return await self._poller.__anext__()

    async def __aenter__(self) -> AsyncTaskStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.cancel()

    def __repr__(self) -> str:
        return f"AsyncTaskStream(task_id={self.task_id!r})"


class AsyncTaskForceAIClient(_client.AsyncTaskForceAIClient):
    """The generated ``AsyncTaskForceAIClient`` (constructor arguments as documented there)
    plus ``run_task`` and ``run_task_stream``, beside its operations, ``wait_for_completion``
    and ``stream_task_status``.
    """

    async def run_task(
        self,
        prompt: str,
        *,
        options: Optional[Union[TaskOptions, dict[str, Any]]] = None,
        silent: Optional[bool] = None,
        mock: Optional[bool] = None,
        vercel_ai_key: Optional[str] = None,
        poll_interval: Optional[float] = 2.0,
        max_attempts: Optional[int] = 150,
        on_status: Optional[OnStatus] = None,
    ) -> TaskStatusResponse:
        """Submit a task and wait for it: ``submit_task`` then ``wait_for_completion``.

        Takes ``submit_task``'s keywords (``options``, ``silent``, ``mock``,
        ``vercel_ai_key``) and ``wait_for_completion``'s (``poll_interval`` seconds between
        polls, at most ``max_attempts`` polls, ``on_status`` called on each status change).
        Returns the ``completed`` status; read the answer as ``result.result`` or
        ``result["result"]``. A ``failed`` task raises ``WaitFailedError`` and running out of
        attempts ``WaitTimeoutError``, both carrying the last status in ``.last``.

        ``poll_interval`` and ``max_attempts`` are checked before the task is submitted (a
        bad value raises ``ValidationError`` and sends nothing).
        """
        check_polling(poll_interval, max_attempts)
        task_id = await self.submit_task(
            prompt, options=options, silent=silent, mock=mock, vercel_ai_key=vercel_ai_key
        )
        return await self.wait_for_completion(task_id, poll_interval, max_attempts, on_status)

    def run_task_stream(
        self,
        prompt: str,
        *,
        options: Optional[Union[TaskOptions, dict[str, Any]]] = None,
        silent: Optional[bool] = None,
        mock: Optional[bool] = None,
        vercel_ai_key: Optional[str] = None,
        poll_interval: Optional[float] = 2.0,
        max_attempts: Optional[int] = 150,
        on_status: Optional[OnStatus] = None,
    ) -> AsyncTaskStream:
        """Submit a task and iterate over its statuses: ``submit_task`` then
        ``stream_task_status``, as one ``AsyncTaskStream`` with ``.cancel()``.

        Same keywords as ``run_task``. The task is submitted when iteration starts, so the
        result of this call goes straight into ``async for status in stream``, like
        ``stream_task_status``'s. ``poll_interval`` and ``max_attempts`` are checked here,
        before anything is sent (``ValidationError``).
        """
        check_polling(poll_interval, max_attempts)
        return AsyncTaskStream(
            self,
            prompt,
            options=options,
            silent=silent,
            mock=mock,
            vercel_ai_key=vercel_ai_key,
            poll_interval=poll_interval,
            max_attempts=max_attempts,
            on_status=on_status,
        )
