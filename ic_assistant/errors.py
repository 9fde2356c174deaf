"""Errors that tell the user what to do. The CLI maps them to a message and exit code 2,
the web app to a visible warning."""

from __future__ import annotations


class ICError(Exception):
    """Base class: the message is written for the person at the keyboard."""


class ConfigError(ICError):
    """A setting has a value that cannot work."""


class IndexMissingError(ICError):
    def __init__(self, index_dir: object) -> None:
        super().__init__(f"no index at {index_dir}: run `ic-assistant ingest` first (or `make run`).")


class QuestionError(ICError):
    """An empty, whitespace-only or over-long question."""


class DocumentError(ICError):
    """A corpus file that cannot be read: corrupt, encrypted, empty, undecodable or of an unknown type."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class BackendError(ICError):
    """An answer backend that is unknown, unreachable or answered badly."""


class StoreError(ICError):
    """The vector store (embedded or server) cannot be opened or written."""
