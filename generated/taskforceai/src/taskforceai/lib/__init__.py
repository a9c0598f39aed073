# Hand-written: copied by sdkgen from specs/taskforceai/lib/__init__.py; edit that file, not this copy (spec sha256 23321eb2bb855b53638c632fa92b170ad6c723cd6fa17713070192a9a033fa1d).
"""Hand-written additions to the generated TaskForceAI package (see ``specs/taskforceai/lib``).

``_async_client`` adds ``run_task`` and ``run_task_stream`` to the clients (``_sync_client`` is
its derived sync twin), ``validation`` checks their arguments before anything is sent, and
``streams`` gives the stream classes a public import path.
"""
