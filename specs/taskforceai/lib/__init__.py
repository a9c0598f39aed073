"""Hand-written additions to the generated TaskForceAI package (see ``specs/taskforceai/lib``).

``_async_client`` adds ``run_task`` and ``run_task_stream`` to the clients (``_sync_client`` is
its derived sync twin), ``validation`` checks their arguments before anything is sent, and
``streams`` gives the stream classes a public import path.
"""
