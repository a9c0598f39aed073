# Hand-written: copied by sdkgen from specs/openspawn/lib/__init__.py; edit that file, not this copy (spec sha256 d8b896840fd95fc4c58706ef71f5a9d6704f25231992deaddef473e9fa942514).
"""Hand-written additions to the generated OpenSpawn SDK (see specs/openspawn/NOTES.md)."""
