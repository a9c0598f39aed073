"""Proves the harness fails on misuse: this line must be rejected by mypy."""

from codevf import CodeVFClient

client = CodeVFClient(api_key="sk_test")
client.projects.create(1234)  # type: ignore[arg-type]
