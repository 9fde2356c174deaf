"""Chunk and unit vectors from one pass of the model over each distinct piece of text.

Answers need a vector for every unit of a chunk (sentence, list item, table row) and retrieval
one for the chunk. Embedding both reads every token twice. Instead the units are embedded once
and the chunk's vector is derived from the pieces that tile its text (the innermost units, the
headings and anything between them, and the section heading it is read under): the normalised
token-weighted sum of their vectors, which is the mean of the token vectors of those pieces,
the model's own pooling applied to them read one by one. Pieces repeated across chunks (overlap
sentences, section headings) are embedded once, for all the documents of a batch together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ic_assistant.embeddings import Embedder
from ic_assistant.text import without_item_numbers
from ic_assistant.types import Chunk
from ic_assistant.units import unit_spans


@dataclass(frozen=True)
class ChunkVectors:
    """Vectors of some chunks: one per chunk, and one per unit with its (chunk index, start, end)."""

    chunks: np.ndarray
    sentences: list[tuple[int, int, int]]
    sentence_vectors: np.ndarray


def _read_before(chunk: Chunk) -> list[str]:
    """What the model reads before a chunk's text: its section heading (unless the text opens with
    it) and its blocks' unquoted context (column headers)."""
    head = [chunk.section] if chunk.section and not chunk.text.startswith(chunk.section) else []
    return [*head, *chunk.unquoted_context]


def embedding_text(chunk: Chunk) -> str:
    """What the model reads for a chunk: its text in its context."""
    return "\n".join([*_read_before(chunk), chunk.text])


def chunk_pieces(chunk: Chunk, units: list[tuple[int, int]]) -> list[str]:
    """Texts that together read as `embedding_text(chunk)`: what is read before the text, the units
    that hold no other unit (a list's items, not the list), and the text between them (headings, a
    list's lead-in)."""
    pieces = _read_before(chunk)
    leaves = sorted(
        (s, e) for s, e in set(units) if not any((a, b) != (s, e) and s <= a and b <= e for a, b in units)
    )
    pos = 0
    for s, e in leaves:
        if s < pos:
            continue  # inside a leaf already read (`unit_spans` makes none such)
        pieces += [chunk.text[pos:s], chunk.text[s:e]]
        pos = e
    pieces.append(chunk.text[pos:])
    # Bullets and stray punctuation between units say nothing worth a model call.
    return [p.strip() for p in pieces if any(ch.isalnum() for ch in p)]


def embed_chunks(chunks: list[Chunk], embedder: Embedder, derived: bool = True) -> ChunkVectors:
    """Chunk vectors and unit vectors for `chunks` (of any number of documents) in one model pass;
    `derived=False` has the model read each chunk as well, for its own chunk vectors (slower)."""
    sentences = [(i, u.start, u.end) for i, c in enumerate(chunks) for u in unit_spans(c)]
    pieces_of: list[list[str]] = [[] for _ in chunks]
    spans_of: list[list[tuple[int, int]]] = [[] for _ in chunks]
    for i, s, e in sentences:
        spans_of[i].append((s, e))
    for i, chunk in enumerate(chunks):
        pieces_of[i] = chunk_pieces(chunk, spans_of[i])
    texts = list(dict.fromkeys([chunks[i].text[s:e] for i, s, e in sentences] + [p for ps in pieces_of for p in ps]))
    row = {t: n for n, t in enumerate(texts)}
    vectors, weights = embedder.embed_weighted([without_item_numbers(t) for t in texts])  # as answers read them
    chunk_vectors = np.zeros((len(chunks), vectors.shape[1]), dtype=np.float32)
    for i, pieces in enumerate(pieces_of):
        rows = [row[p] for p in pieces]
        total = (vectors[rows] * weights[rows, None]).sum(axis=0)
        chunk_vectors[i] = total / max(float(np.linalg.norm(total)), 1e-12)
    if not derived:
        chunk_vectors = embedder.embed([without_item_numbers(embedding_text(c)) for c in chunks])
    sentence_vectors = vectors[[row[chunks[i].text[s:e]] for i, s, e in sentences]]
    return ChunkVectors(chunk_vectors, sentences, sentence_vectors.reshape(len(sentences), vectors.shape[1]))
