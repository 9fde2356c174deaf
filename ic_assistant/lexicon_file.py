"""The answer lexicon (term frequencies over every chunk), built at ingest and saved beside the
state, so that starting the assistant does not stem every chunk again.

Like the BM25 index, the saved lexicon is tagged with the state generation it was built from; a
reader that finds another generation, or a file it cannot read, builds it from the chunks.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from pathlib import Path

from .extractive import Lexicon
from .types import Chunk

log = logging.getLogger(__name__)

LEXICON_FILE = "lexicon.pickle"


def build_lexicon(chunks: list[Chunk]) -> Lexicon:
    """Term frequencies of the chunk texts; section headings and document titles name a topic
    and are never quoted as an answer. The words of titles, headings and column headers are words
    the corpus uses too, though no chunk's text says them."""
    headings = frozenset(c.section for c in chunks if c.section) | frozenset(c.title for c in chunks)
    around = {" ".join([c.title, *c.headings, c.section, *c.unquoted_context]) for c in chunks}
    return Lexicon([c.text for c in chunks], headings, around)


def save_lexicon(lexicon: Lexicon, generation: str, path: Path) -> None:
    """Write `lexicon` tagged with `generation`, atomically (a reader sees the old file or the new)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        pickle.dump({"generation": generation, "lexicon": lexicon}, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def load_lexicon(path: Path, generation: str) -> Lexicon | None:
    """The saved lexicon if it was built for `generation`, else None (build it from the chunks).
    The file is the index's own, written by `save_lexicon` at ingest."""
    try:
        with path.open("rb") as f:
            saved = pickle.load(f)  # noqa: S301 - written by this program into its own index folder
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError) as exc:
        log.warning("lexicon at %s cannot be read (%s): building it from the chunks", path, exc)
        return None
    if not isinstance(saved, dict) or saved.get("generation") != generation or not isinstance(saved.get("lexicon"), Lexicon):
        return None
    if not hasattr(saved["lexicon"], "acronyms"):  # saved by a version that read none
        return None
    return saved["lexicon"]


def retag_lexicon(path: Path, old_generation: str, new_generation: str) -> bool:
    """Re-tag a saved lexicon of `old_generation` (same chunks, new state); False if there is none."""
    lexicon = load_lexicon(path, old_generation)
    if lexicon is None:
        return False
    save_lexicon(lexicon, new_generation, path)
    return True
