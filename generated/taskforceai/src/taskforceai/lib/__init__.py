# Hand-written: copied by sdkgen from specs/taskforceai/lib/__init__.py; edit that file, not this copy (spec sha256 0c1c17619da24112206e5e736157aea9bf248ca1e05c0f74febf3eb6be4dbfbe).
"""Hand-written additions to the generated TaskForceAI package (see ``specs/taskforceai/lib``).

``_async_client`` adds ``run_task`` and ``run_task_stream`` to the clients (``_sync_client`` is
its derived sync twin), ``validation`` checks their arguments before anything is sent, and
``streams`` gives the stream classes a public import path.
"""
