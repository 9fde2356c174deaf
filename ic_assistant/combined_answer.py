"""One answer to a message of several questions, from the answers to each in turn."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .types import Answer, Citation

_MARKER = re.compile(r"\[(\d{1,3})\]")


def combined(message: str, questions: Sequence[str], answers: Sequence[Answer]) -> Answer:
    """The answers to `questions` (the questions of `message`, in order) as one: a paragraph per
    question, the question then its answer (or the refusal), with the citations numbered across
    the whole and a quote that two answers cite given one number. Refused only when every question
    is; the nearest documents are suggested then only."""
    numbers: dict[tuple[str, int, int], int] = {}
    citations: list[Citation] = []
    paragraphs: list[str] = []
    for question, answer in zip(questions, answers, strict=True):
        renumbered: dict[int, int] = {}
        for c in answer.citations:
            key = (c.chunk_id or c.source, c.start, c.end)
            if key not in numbers:
                numbers[key] = len(citations) + 1
                citations.append(replace(c, n=numbers[key]))
            renumbered[c.n] = numbers[key]
        # A number no citation of this answer has (a quote's own "[12]") is left as it is.
        text = _MARKER.sub(lambda m: f"[{renumbered.get(int(m.group(1)), m.group(1))}]", answer.text)
        paragraphs.append(f"{question}\n{text}")
    refused = all(a.refused for a in answers)
    passages = {p.chunk.id: p for a in answers for p in a.passages}
    timings: dict[str, float] = {}
    for a in answers:
        for name, ms in a.timings_ms.items():
            timings[name] = timings.get(name, 0.0) + ms
    explanation = {"questions": [{"question": q, **a.explanation} for q, a in zip(questions, answers)]}
    return Answer(
        question=message,
        text="\n\n".join(paragraphs),
        citations=tuple(citations),
        refused=refused,
        passages=tuple(passages.values()),
        suggestions=answers[0].suggestions if refused else (),
        timings_ms=timings,
        warnings=answers[-1].warnings,
        explanation=explanation if any(a.explanation for a in answers) else {},
        backend=answers[0].backend,
    )
