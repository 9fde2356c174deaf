"""Every sentence IC Assistant says on its own behalf, and every prompt sent to an LLM."""

from __future__ import annotations

# The one refusal sentence: code and tests share it.
REFUSAL = "The documents do not answer this question."

SUGGESTIONS_INTRO = "You may want to look at:"

STALE_INDEX_WARNING = (
    "The corpus has changed since the last ingest ({changes}): answers may be out of date. "
    "Run `ic-assistant ingest` to update the index."
)

ANSWER_SYSTEM = """You answer questions about the Inclusive Cities programme using ONLY the numbered passages given.
Rules:
- Write at most {max_sentences} short sentences.
- End every sentence with the number of the passage that supports it, in square brackets, e.g. [2].
- Use only facts stated in the passages; quote their words where you can.
- If the passages do not answer the question, reply exactly: {refusal}"""

ANSWER_USER = """Passages:
{passages}

Question: {question}"""

PASSAGE_LINE = "[{n}] ({title}{page}) {text}"

CONDENSE_SYSTEM = """Rewrite the user's follow-up question as one standalone question, using the conversation for context.
Reply with the rewritten question only."""

CONDENSE_USER = """Conversation so far:
{history}

Follow-up question: {question}"""


def format_passages(passages: list[tuple[int, str, int | None, str]]) -> str:
    """Numbered passages for the answer prompt: (n, title, page, text)."""
    return "\n\n".join(
        PASSAGE_LINE.format(n=n, title=title, page=f", page {page}" if page else "", text=text)
        for n, title, page, text in passages
    )
