"""Optional LLM backends through LangChain chat models: any OpenAI-compatible server, or Ollama.

The model only drafts; `verify.verify` decides what survives. LangChain objects stay here.
"""

from __future__ import annotations

from typing import Any

from .config import AnswerSettings
from .errors import BackendError
from .prompts import (
    ANSWER_SYSTEM,
    ANSWER_USER,
    CONDENSE_SYSTEM,
    CONDENSE_USER,
    REFUSAL,
    format_passages,
)
from .types import Draft, Passage
from .verify import split_claims


def openai_chat_model(settings: AnswerSettings) -> Any:
    from langchain_openai import ChatOpenAI

    if not settings.llm_base_url:
        raise BackendError("the 'openai' backend needs IC_ANSWER__LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1)")
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key,
        temperature=0,
        timeout=settings.llm_timeout_s,
        max_retries=1,
    )


def ollama_chat_model(settings: AnswerSettings) -> Any:
    from langchain_ollama import ChatOllama

    return ChatOllama(
        model=settings.llm_model,
        base_url=settings.llm_base_url or "http://127.0.0.1:11434",
        temperature=0,
        client_kwargs={"timeout": settings.llm_timeout_s},
    )


class ChatBackend:
    """Drafts an answer with a chat model from numbered passages; [n] after every claim."""

    def __init__(self, name: str, model: Any, settings: AnswerSettings) -> None:
        self.name = name
        self.model = model
        self.settings = settings

    def _invoke(self, system: str, user: str) -> str:
        from langchain_core.messages import HumanMessage, SystemMessage

        try:
            reply = self.model.invoke([SystemMessage(system), HumanMessage(user)])
        except Exception as exc:  # network, HTTP and parsing errors of any provider
            raise BackendError(f"the {self.name} backend failed: {type(exc).__name__}: {exc}") from exc
        content = reply.content
        return content if isinstance(content, str) else " ".join(str(part) for part in content)

    def generate(
        self, question: str, passages: list[Passage], analysis: Any = None, query_vector: Any = None, said: Any = (),
    ) -> Draft:
        if not passages:
            return Draft([], refused=True, details={"reason": "no passages retrieved"})
        numbered = [(n, p.chunk.title, p.chunk.page, p.chunk.text) for n, p in enumerate(passages, start=1)]
        system = ANSWER_SYSTEM.format(max_sentences=self.settings.max_units, refusal=REFUSAL)
        reply = self._invoke(system, ANSWER_USER.format(passages=format_passages(numbered), question=question)).strip()
        if not reply or REFUSAL.rstrip(".").lower() in reply.lower():
            return Draft([], refused=True, details={"reason": "the model said the passages do not answer", "raw": reply})
        return Draft(split_claims(reply), details={"raw": reply})

    def condense(self, question: str, history: list[str]) -> str:
        """A standalone version of a follow-up question."""
        text = "\n".join(f"User: {q}" for q in history)
        rewritten = self._invoke(CONDENSE_SYSTEM, CONDENSE_USER.format(history=text, question=question)).strip()
        return rewritten or question
