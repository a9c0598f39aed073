# Hand-written: copied by sdkgen from specs/taskforceai/lib/__init__.py; edit that file, not this copy (spec sha256 e3cfbc8d7c90b0cf7dceea40a9c1c25adfabdedd6f33c726ce81a4a220a746ba).
"""Hand-written additions to the generated TaskForceAI package (see ``specs/taskforceai/lib``).

``_async_client`` adds ``run_task`` and ``run_task_stream`` to the clients (``_sync_client`` is
its derived sync twin), ``validation`` checks their arguments before anything is sent, and
``streams`` gives the stream classes a public import path.
"""
