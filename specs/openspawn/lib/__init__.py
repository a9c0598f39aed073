"""Hand-written additions to the generated OpenSpawn SDK (see specs/openspawn/NOTES.md)."""
