# Hand-written: copied by sdkgen from specs/openspawn/lib/__init__.py; edit that file, not this copy (spec sha256 e009c1b1aa38e6c3fe4ea960e350970a79110e547d5cd93d0b8a14b9ce94521e).
"""Hand-written additions to the generated OpenSpawn SDK (see specs/openspawn/NOTES.md)."""
