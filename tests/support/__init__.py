"""The shared test harness: what more than one test module needs lives here, and test modules
import it from here, never from each other.

- ``twins``: ``Twin`` and ``run`` (one test body for the sync and the async client, every
  exchange checked against the spec) and ``both``, the one sync/async parametrisation.
- ``packages``: generating a spec into a package and importing it afresh; the committed packages
  under ``generated/``; a package's sync or async client class; the repository ``ROOT``.
- ``conformance``: the checker ``Twin`` runs every request and response through.
- ``replies``: answers for ``httpx.MockTransport`` handlers.
- ``errors``: the error fixture, a demo SDK's error classes and ``ErrorTable``.
- ``shells``: the runtime's HTTP shells over a handler, without a generated package.
- ``clock``: virtual time for many concurrent async sleepers.
- ``mock_server``: a platform's mock served over loopback HTTP for one test (contract and
  reliability suites), and the count of what it created.
- ``ledger``: the basic-auth "Ledger" spec (the basic-auth and the secrets tests).
- ``documents``: the path of every node of a loaded document (the loader fuzzers).
- ``scale``: how hard the reliability suites push (``SDKGEN_RELIABILITY``).

Helpers that serve one suite only stay beside it (``golden/cases.py``, ``hostile/corpus.py``,
``security/validators.py``...).
"""
