# Hand-written: copied by sdkgen from specs/openspawn/lib/__init__.py; edit that file, not this copy (spec sha256 cfc599caec6380cbbbe65fb040c951531dcf3b302ab075a75d6a1ec96198e248).
"""Hand-written additions to the generated OpenSpawn SDK (see specs/openspawn/NOTES.md)."""
