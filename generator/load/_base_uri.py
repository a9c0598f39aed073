"""Where a ``$ref`` to another document points: OpenAPI 3.2's ``$self`` as the base URI.

Without ``$self`` a relative ref is resolved against the location of the file it is written
in (``common.yaml`` beside it). A document's ``$self`` (OpenAPI 3.2, also honoured in 3.0/3.1
documents that carry it) is its own URI and the base its relative refs resolve against: a
relative ``$self`` is resolved against the file's location first (``$self: shared/openapi.yaml``
makes ``pet.yaml`` mean ``shared/pet.yaml``), an absolute one (``https://example.com/api/
openapi.yaml``) names the document wherever its file is. Nothing is fetched, so an absolute
target URI must be found locally:

* a document already read whose ``$self`` is that URI (a ref back to it, or to a file that
  declared itself);
* else, under the root document's absolute ``$self``: the URI's path relative to the root's
  ``$self`` is taken relative to the root file (a local checkout laid out as published:
  root ``$self: https://example.com/api/openapi.yaml`` maps ``https://example.com/api/
  schemas/pet.yaml`` to ``schemas/pet.yaml`` beside the root file);
* anything else is remote, and refused.
"""

from __future__ import annotations

import os
import posixpath
import re
from typing import Any, Optional
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import pathname2url, url2pathname

__all__ = ["BaseURIs"]

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _file_uri(path: str) -> str:
    return "file://" + pathname2url(path)


class BaseURIs:
    """The base URI of each document read, and the targets of refs written in them."""

    def __init__(self, root_path: str, root_data: Any) -> None:
        self._root_path = root_path
        self._bases: dict[str, str] = {}  # file path -> base URI
        self._selves: dict[str, str] = {}  # declared absolute $self URI -> file path
        self._absolute_files: dict[str, str] = {}  # file path -> its $self naming a file
        self._root_base = self.base(root_path, root_data)

    def base(self, path: str, data: Any) -> str:
        """The base URI of the document at ``path`` (its ``$self``, else its location)."""
        found = self._bases.get(path)
        if found is None:
            location = _file_uri(path)
            declared = data.get("$self") if isinstance(data, dict) else None
            if isinstance(declared, str) and (
                declared.startswith(("/", "\\")) or urlsplit(declared).scheme == "file"
            ):
                # Absolute file locations stay refused, as in refs: the spec would read
                # whatever the machine generating it holds there.
                self._absolute_files[path] = declared
                declared = None
            found = urljoin(location, declared) if isinstance(declared, str) else location
            found = found.partition("#")[0]
            self._bases[path] = found
            if not found.startswith("file:"):
                self._selves.setdefault(found, path)
        return found

    def declares_self(self, data: Any) -> bool:
        return isinstance(data, dict) and isinstance(data.get("$self"), str)

    def target(self, file_part: str, path: str, data: Any) -> tuple[Optional[str], str]:
        """(local path, "") of ``file_part`` written in the document at ``path``, or (None,
        the reason) when it names nothing local."""
        base = self.base(path, data)
        if path in self._absolute_files:
            declared = self._absolute_files[path]
            return None, f"$self '{declared}' is an absolute file location; use a relative one"
        if urlsplit(file_part).scheme == "file":
            return None, f"remote $ref not supported (no network access): {file_part}"
        uri = urljoin(base, file_part).partition("#")[0]
        parts = urlsplit(uri)
        if parts.scheme == "file":
            if parts.netloc not in ("", "localhost"):
                return None, f"remote $ref not supported (no network access): {file_part}"
            return os.path.normpath(url2pathname(parts.path)), ""
        known = self._selves.get(uri)
        if known is not None:
            return known, ""
        root = self._root_base
        if not root.startswith("file:"):
            here, there = urlsplit(root), urlsplit(uri)
            if (here.scheme, here.netloc) == (there.scheme, there.netloc):
                folder = posixpath.dirname(here.path) or "/"
                relative = posixpath.relpath(unquote(there.path), unquote(folder))
                local = os.path.join(os.path.dirname(self._root_path), *relative.split("/"))
                return os.path.normpath(local), ""
        return None, f"remote $ref not supported (no network access): {uri}"

    @staticmethod
    def is_absolute_uri(text: str) -> bool:
        return _URL_SCHEME.match(text) is not None
