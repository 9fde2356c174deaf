"""One typed settings object for every entry point.

Built once (``Settings()``) by the CLI, the web app, the evals and the benchmarks,
then passed down explicitly. Every field can be overridden from the environment
with the ``IC_`` prefix; nested fields use a double underscore
(``IC_RETRIEVAL__K_FINAL=8``). ``IC_LLM`` is a shortcut for ``IC_ANSWER__BACKEND``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


LOCAL_INDEX = ".index"


def data_index_dir() -> Path:
    """The index folder in the user's data folder (XDG), used when nothing else says where."""
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "ic-assistant" / "index"


def default_index_dir() -> Path:
    """Where the index lives unless `IC_INDEX_DIR` (or `--index`) says otherwise: `./.index`
    when that folder exists in the working directory, else the user's data folder.

    One rule for make, the CLI, the web app and the evals, so they all open the same index."""
    local = Path.cwd() / LOCAL_INDEX
    return local if local.is_dir() else data_index_dir()


def other_indexes(index_dir: Path) -> list[Path]:
    """Indexes that exist (they have a state.json) in the other places the rule looks, for
    telling a user whose index is missing where theirs may be."""
    places = [Path(os.environ["IC_INDEX_DIR"])] if os.environ.get("IC_INDEX_DIR") else []
    places += [Path.cwd() / LOCAL_INDEX, data_index_dir()]
    found: list[Path] = []
    for place in places:
        place = place.expanduser().resolve()
        if place != index_dir.expanduser().resolve() and place not in found and (place / "state.json").is_file():
            found.append(place)
    return found


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChunkingSettings(_Section):
    target_tokens: int = Field(200, ge=32, description="Preferred chunk size in model word-pieces.")
    max_tokens: int = Field(
        250, ge=32, description="Hard ceiling per chunk (the model reads at most 256 word-pieces)."
    )
    overlap_tokens: int = Field(
        40, ge=0, description="Whole sentences of up to this many tokens repeated at the start of the next chunk."
    )


class IngestSettings(_Section):
    max_file_mb: float = Field(
        25.0, gt=0, description="Largest corpus file ingested, in MB; a bigger file is skipped with its size named."
    )
    lock_wait_s: float = Field(
        10.0, ge=0, description="Seconds an ingest waits for another one on the same index to finish before it exits (code 2)."
    )
    batch_documents: int = Field(
        32, ge=1, description="Changed documents embedded together and committed to the index in one step."
    )
    chunk_vectors: Literal["derived", "model"] = Field(
        "derived",
        description="`derived`: a chunk's vector from its units' (one model pass); `model`: the model reads the chunk too.",
    )


class EmbeddingSettings(_Section):
    engine: Literal["onnx", "torch"] = Field(
        "onnx",
        description="`onnx`: the model exported once to ONNX, fast to start; `torch`: sentence-transformers. Same vectors.",
    )
    cache_dir: Path | None = Field(
        None, description="Folder of the ONNX export, one per model hash (default: ~/.cache/ic-assistant/onnx)."
    )


class RetrievalSettings(_Section):
    k_dense: int = Field(30, ge=1, description="Candidates taken from the dense (Chroma) retriever.")
    k_bm25: int = Field(30, ge=1, description="Candidates taken from the BM25 retriever.")
    k_sentence: int = Field(
        30, ge=0, description="Candidates ranked by their best sentence's similarity (0 turns this retriever off)."
    )
    sentence_hits: int = Field(
        3, ge=0, description="Chunks of the best-matching sentences always added to the passages."
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant: score = sum 1/(rrf_k + rank).")
    k_final: int = Field(6, ge=1, description="Passages kept after de-duplication and MMR.")
    max_k: int = Field(50, ge=1, description="Most passages one search may ask for; a k outside 1..max_k is rejected.")
    mmr_lambda: float = Field(
        0.75, ge=0, le=1, description="MMR trade-off: 1 keeps pure relevance order, 0 maximises diversity."
    )
    duplicate_similarity: float = Field(
        0.92, ge=0, le=1, description="Cosine similarity above which two passages count as the same text."
    )
    ann_min_units: int = Field(
        20000, ge=1,
        description="Units (sentences, list items, table rows) from which ingest builds an approximate index over "
        "their vectors and questions use it; below, and for a filter leaving fewer, every unit is compared exactly. "
        "Chunks too: under this many, dense search compares every chunk exactly instead of asking Chroma's HNSW index.",
    )
    ann_probe: int = Field(
        32, ge=1, description="Lists of the approximate unit index read per question (more: nearer exact, slower)."
    )
    ann_candidates: int = Field(
        512, ge=1, description="Units the approximate index proposes per question, re-ranked by their exact cosine."
    )


class AnswerSettings(_Section):
    backend: str = Field(
        "extractive",
        description="Answer backend: 'extractive' (offline, default), 'openai' (any OpenAI-compatible server) or 'ollama'.",
    )
    max_units: int = Field(4, ge=1, description="Most evidence units (sentences, list items, table rows) in an extractive answer.")
    max_chars: int = Field(
        450, ge=80,
        description="Budget of an extractive answer, in characters as it reads: quoted text and citation markers.",
    )
    overflow_chars: int = Field(
        800, ge=80,
        description="Most characters (as it reads) an extractive answer may reach past max_chars, with units nearly "
                    "as likely as its best one (the answer model's overflow_share); at most max_chars when lower.",
    )
    model_path: Path | None = Field(
        None, description="Fitted answer model (JSON from `python -m evals.tune`); default: the one shipped in the package."
    )
    max_question_chars: int = Field(
        1000, ge=10, description="Longest question accepted, in characters (each earlier question of a history too)."
    )
    max_history_items: int = Field(10, ge=0, description="Most earlier questions a request's history may hold.")
    llm_model: str = Field("llama3.1", description="Chat model name for the 'openai' and 'ollama' backends.")
    llm_base_url: str | None = Field(
        None, description="Server URL: an OpenAI-compatible /v1 endpoint, or Ollama's (default http://127.0.0.1:11434)."
    )
    llm_api_key: str = Field("not-needed", description="API key sent to an OpenAI-compatible server.")
    llm_timeout_s: float = Field(60.0, gt=0, description="Timeout of one LLM call, in seconds.")

    @property
    def overflow_limit(self) -> int:
        """The longest an extractive answer may be: overflow_chars, or max_chars when that is more."""
        return max(self.overflow_chars, self.max_chars)


class StoreSettings(_Section):
    collection: str = Field(
        "ic_chunks", description="Chroma collection holding the chunk vectors (embedded mode; a server's are named after the index)."
    )
    embed_batch_size: int = Field(32, ge=1, description="Chunks embedded per model call during ingest.")
    server_poll_s: float = Field(
        2.0, ge=0, description="Seconds between an app server's checks of the Chroma server for a newer index generation."
    )


class UISettings(_Section):
    host: str = Field("127.0.0.1", description="Interface the web app binds to.")
    port: int = Field(7860, ge=1, le=65535, description="Port of the web app.")
    auth: str | None = Field(None, description="'user:password' required when binding beyond loopback.")
    feedback_path: Path | None = Field(
        None, description="JSONL file for thumbs up/down (default: feedback.jsonl in the index directory)."
    )
    manage_documents: bool = Field(
        True,
        description="Let the Documents tab add and delete documents (only ever on loopback, or for a user logged in with auth).",
    )


class Settings(BaseSettings):
    """All of IC Assistant's settings, with defaults that work offline."""

    model_config = SettingsConfigDict(
        # An empty variable (`IC_ANSWER__MODEL_PATH=`) means the default, not the path "." or "".
        env_prefix="IC_", env_nested_delimiter="__", extra="forbid", frozen=True, env_ignore_empty=True
    )

    corpus_dir: Path = Field(
        Path("corpus"), description="Folder of documents to ingest (PDF, Word .docx, HTML, Markdown, text)."
    )
    index_dir: Path = Field(
        default_factory=default_index_dir,
        description=(
            "Where the index lives: Chroma's files (embedded mode), the BM25 index and the ingest state "
            "(default: ./.index if that folder exists, else the user data folder)."
        ),
    )
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (e.g. http://127.0.0.1:8000); unset means embedded Chroma in index_dir."
    )
    index_name: str = Field(
        "default",
        pattern=r"^[A-Za-z0-9_-]{1,60}$",
        description="Name of the index on a Chroma server (letters, digits, - and _): app servers naming it answer from it.",
    )
    llm: str | None = Field(None, description="Shortcut for answer.backend.")
    chunking: ChunkingSettings = ChunkingSettings()
    ingest: IngestSettings = IngestSettings()
    embedding: EmbeddingSettings = EmbeddingSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    answer: AnswerSettings = AnswerSettings()
    store: StoreSettings = StoreSettings()
    ui: UISettings = UISettings()

    @field_validator("corpus_dir", "index_dir")
    @classmethod
    def _absolute(cls, path: Path) -> Path:
        # Relative paths are resolved once, against the working directory of the entry point.
        return path.expanduser().resolve()

    @model_validator(mode="after")
    def _reject_unknown_env(self) -> Settings:
        known = set()
        for name, info in type(self).model_fields.items():
            section = info.annotation if isinstance(info.annotation, type) else None
            if section is not None and issubclass(section, BaseModel):
                known.update(f"IC_{name}__{sub}".upper() for sub in section.model_fields)
            else:
                known.add(f"IC_{name}".upper())
        unknown = sorted(k for k in os.environ if k.upper().startswith("IC_") and k.upper() not in known)
        if unknown:
            raise ValueError(f"unknown setting(s) {', '.join(unknown)}; see the README for every IC_ variable")
        return self

    @model_validator(mode="after")
    def _apply_llm_shortcut(self) -> Settings:
        if self.llm and self.llm != self.answer.backend:
            answer = self.answer.model_copy(update={"backend": self.llm})
            object.__setattr__(self, "answer", answer)
        return self

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with top-level fields replaced (used by CLI flags such as --corpus)."""
        data = self.model_dump()
        data.update({k: v for k, v in changes.items() if v is not None})
        return type(self).model_validate(data)
