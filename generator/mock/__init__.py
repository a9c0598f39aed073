"""The simulation every generated package carries as ``PKG/_mock/``: the API played from its spec.

Apart from the client runtime (``PKG/_runtime/``), which reaches it in one place only: the
generated client's ``_mock_transport()`` (``mock_mode=True``) imports ``MockAPI`` from here.
The mock uses two pieces of that runtime (the signer, to verify signatures as clients make them;
the constraint rules, to validate as clients check) and nothing else. Layers, each importing
only those below it: ``_shapes`` → ``_schema``, ``_state`` → ``_request``, ``_lifecycle``,
``_rules``, ``_data`` → ``_core`` (``MockAPI``, the per-request pipeline) → ``_faults`` →
``_options`` (``MockOptions``, for ``mock_mode=``) and ``_server`` (HTTP, uvicorn).
"""

from ._core import Call, MockAPI, MockRules, MockSpec
from ._options import MockOptions

__all__ = ["Call", "MockAPI", "MockOptions", "MockRules", "MockSpec"]
