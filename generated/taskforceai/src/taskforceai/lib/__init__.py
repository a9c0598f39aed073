# Hand-written: copied by sdkgen from specs/taskforceai/lib/__init__.py; edit that file, not this copy (spec sha256 1cf1cd6af040bddc71f11cda4b964789d282dc95ecbe161729cede7b90284050).
"""Hand-written additions to the generated TaskForceAI package (see ``specs/taskforceai/lib``).

``_async_client`` adds ``run_task`` and ``run_task_stream`` to the clients (``_sync_client`` is
its derived sync twin), ``validation`` checks their arguments before anything is sent, and
``streams`` gives the stream classes a public import path.
"""
