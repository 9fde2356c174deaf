"""IC Assistant: cited answers from the Inclusive Cities programme's documents.

Public API: `Settings`, `build_assistant(settings) -> Assistant`, `Assistant.ask`,
`Assistant.search`, `Assistant.status`, and the types `Answer`, `Citation`, `Passage`,
`Chunk`, `Filters`, `Turn`. Importing this package loads no model and opens no database.
"""

from .assistant import Assistant, build_assistant
from .config import Settings
from .errors import ICError, IndexMissingError, QuestionError
from .prompts import REFUSAL
from .programme import Programme, load_programme
from .types import Answer, Chunk, Citation, DocumentInfo, Filters, IndexStatus, Passage, Turn

__all__ = [
    "Answer",
    "Assistant",
    "Chunk",
    "Citation",
    "DocumentInfo",
    "Filters",
    "ICError",
    "IndexMissingError",
    "IndexStatus",
    "Passage",
    "Programme",
    "QuestionError",
    "REFUSAL",
    "Settings",
    "Turn",
    "build_assistant",
    "load_programme",
]
