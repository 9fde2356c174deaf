"""Answer backends: one-method protocol and a registry keyed by `settings.answer.backend`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from .config import Settings
from .embeddings import Embedder
from .errors import BackendError
from .types import Citation, Draft, Passage

if TYPE_CHECKING:
    import numpy as np

    from .question import Question


class AnswerBackend(Protocol):
    name: str

    def generate(
        self, question: str, passages: list[Passage], analysis: Question | None = None,
        query_vector: np.ndarray | None = None, said: Sequence[Citation] = (),
    ) -> Draft:
        """Answer `question` from numbered `passages` (passage n is passages[n-1]). `analysis` (the
        question analysed once per request) and `query_vector` save a backend that uses them
        the work of recomputing them; one that does not may ignore them. `said` are the quotes an
        earlier question of the same message was answered with, which need not be quoted again."""
        ...


BackendFactory = Callable[..., AnswerBackend]


def _extractive(
    settings: Settings, embedder: Embedder, lexicon: Any, sentences: Any, programme: Any = None, model: Any = None,
    chunks: Any = None,
) -> AnswerBackend:
    from .extractive import ExtractiveBackend

    return ExtractiveBackend(settings.answer, embedder, lexicon, sentences, programme, model, chunks)


def _openai(
    settings: Settings, embedder: Embedder, lexicon: Any, sentences: Any, programme: Any = None, model: Any = None,
    chunks: Any = None,
) -> AnswerBackend:
    from .llm import ChatBackend, openai_chat_model

    return ChatBackend("openai", openai_chat_model(settings.answer), settings.answer)


def _ollama(
    settings: Settings, embedder: Embedder, lexicon: Any, sentences: Any, programme: Any = None, model: Any = None,
    chunks: Any = None,
) -> AnswerBackend:
    from .llm import ChatBackend, ollama_chat_model

    return ChatBackend("ollama", ollama_chat_model(settings.answer), settings.answer)


BACKENDS: dict[str, BackendFactory] = {"extractive": _extractive, "openai": _openai, "ollama": _ollama}


def make_backend(
    settings: Settings, embedder: Embedder, lexicon: Any, sentences: Any = None, programme: Any = None,
    model: Any = None, chunks: Any = None,
) -> AnswerBackend:
    """The backend `settings.answer.backend` names; `lexicon`, `sentences`, `programme`, the fitted
    answer `model` and the index's `chunks` (`tables.ChunkRecords`) serve the extractive one."""
    name = settings.answer.backend
    if name not in BACKENDS:
        raise BackendError(f"unknown answer backend {name!r} (IC_LLM): choose one of {', '.join(BACKENDS)}")
    return BACKENDS[name](settings, embedder, lexicon, sentences, programme, model, chunks)
