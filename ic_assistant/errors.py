"""Errors that tell the user what to do. The CLI maps them to a message and exit code 2,
the web app to a visible warning."""

from __future__ import annotations

from collections.abc import Sequence


class ICError(Exception):
    """Base class: the message is written for the person at the keyboard."""


class ConfigError(ICError):
    """A setting has a value that cannot work."""


class IndexMissingError(ICError):
    """No index where the settings point; names any index found elsewhere and how to use it."""

    def __init__(self, index_dir: object, others: Sequence[object] = ()) -> None:
        message = f"no index at {index_dir}: run `ic-assistant ingest` first (or `make run`)."
        if others:
            found = " and ".join(str(o) for o in others)
            if len(others) == 1:
                there = f"There is an index at {found}: use it"
            else:
                there = f"There are indexes at {found}: use one"
            message += f" {there} with `ic-assistant --index {others[0]} ...` or IC_INDEX_DIR={others[0]}."
        super().__init__(message)
        self.index_dir = index_dir
        self.others = tuple(others)


class ServerIndexMissingError(IndexMissingError):
    """No index of the configured name on the Chroma server; names the ones it holds."""

    def __init__(self, name: str, url: str, held: Sequence[str], index_dir: object) -> None:
        known = f"it holds {', '.join(held)}" if held else "it holds none"
        ICError.__init__(
            self,
            f"no index named {name!r} on the Chroma server at {url} ({known}): run `ic-assistant ingest` "
            f"with IC_INDEX_NAME={name}, or set IC_INDEX_NAME to an index the server holds.",
        )
        self.index_dir = index_dir
        self.others = ()


class QuestionError(ICError):
    """An empty, whitespace-only or over-long question."""


class RequestError(ICError):
    """A request parameter out of range: a search's k, a conversation history too long."""


class DocumentError(ICError):
    """A corpus file that cannot be read: corrupt, encrypted, empty, undecodable or of an unknown type."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class InputError(ICError):
    """A file given on the command line (a batch of questions, an output path) that cannot be used."""


class SpanError(ICError):
    """A source, page or pair of offsets that points at no text in the index."""


class PageGoneError(SpanError):
    """A cited page whose text an ingest has since replaced or removed from the index."""


class BackendError(ICError):
    """An answer backend that is unknown, unreachable or answered badly."""


class StoreError(ICError):
    """The vector store (embedded or server) cannot be opened or written."""


class IndexFileMissingError(StoreError):
    """A document file the index state lists is gone (damage, or an ingest that ran meanwhile)."""


class IndexBusyError(StoreError):
    """Another ingest holds the index folder's lock; the message names the holder."""
