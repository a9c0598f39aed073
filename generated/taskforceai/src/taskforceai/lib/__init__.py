# Hand-written: copied by sdkgen from specs/taskforceai/lib/__init__.py; edit that file, not this copy (spec sha256 2b775d1673faee37ea9e55b323d5e3d8cd57adf344b13adfb4823c8fd3d837b0).
"""Hand-written additions to the generated TaskForceAI package (see ``specs/taskforceai/lib``).

``_async_client`` adds ``run_task`` and ``run_task_stream`` to the clients (``_sync_client`` is
its derived sync twin), ``validation`` checks their arguments before anything is sent, and
``streams`` gives the stream classes a public import path.
"""
