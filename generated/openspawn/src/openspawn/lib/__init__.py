# Hand-written: copied by sdkgen from specs/openspawn/lib/__init__.py; edit that file, not this copy (spec sha256 52439a1fd3ba98d3c54c4260a75bc904d5053c8f9a3d794f4f8b2ce1d3f37c74).
"""Hand-written additions to the generated OpenSpawn SDK (see specs/openspawn/NOTES.md)."""
