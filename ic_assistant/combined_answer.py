"""One answer to a message of several questions, from the answers to each in turn."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .types import Answer, Citation

_MARKER = re.compile(r"\[(\d{1,3})\]")
# A quoted claim of an answer's text: its words, then its citation markers and closing stop.
_CLAIM = re.compile(r".*?(?:\[\d{1,3}\][^\S\n]*)+[.!?\u2026;:)\]\"'\u201d\u2019]*(?:\s+|$)", re.S)
SEE_ABOVE = "See the answer above {markers}."


def combined(message: str, questions: Sequence[str], answers: Sequence[Answer]) -> Answer:
    """The answers to `questions` (the questions of `message`, in order) as one: a paragraph per
    question, the question then its answer (or the refusal), with the citations numbered across
    the whole and a quote that two answers cite given one number. A quote an earlier paragraph
    already says is not said again (`_said_before`). Refused only when every question is; the
    nearest documents are suggested then only."""
    numbers: dict[tuple[str, int, int], int] = {}
    citations: list[Citation] = []
    paragraphs: list[str] = []
    shown: dict[str, int] = {}  # the words of each claim said so far -> its citation number
    for question, answer in zip(questions, answers, strict=True):
        by_number = {c.n: c for c in answer.citations}
        text, again, above = answer.text, set(), set()
        claims = _CLAIM.findall(text)
        if not answer.refused and "".join(claims) == text:  # else (an LLM's answer, say) kept whole
            again, above = _said_before(claims, by_number, numbers, shown)
            kept = [c for c in claims if not _cites(c) & again]
            text = "".join(kept).rstrip()
        renumbered: dict[int, int] = {}
        for n, c in by_number.items():
            key = _key(c)
            if n in again and key not in numbers:  # only the words of some of it were said: not cited
                continue
            if key not in numbers:
                numbers[key] = len(citations) + 1
                citations.append(replace(c, n=numbers[key]))
            renumbered[n] = numbers[key]
        # A number no citation of this answer has (a quote's own "[12]") is left as it is.
        text = _MARKER.sub(lambda m: f"[{renumbered.get(int(m.group(1)), m.group(1))}]", text)
        if not text:  # every quote of this answer is above
            text = SEE_ABOVE.format(markers=" ".join(f"[{n}]" for n in sorted(above)))
        if not answer.refused:
            shown |= {_words_of(c): renumbered[n] for c in claims for n in sorted(_cites(c))[:1] if n in renumbered}
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
        parts=tuple(questions),
    )


def _key(c: Citation) -> tuple[str, int, int]:
    return (c.chunk_id or c.source, c.start, c.end)


def _cites(claim: str) -> set[int]:
    return {int(n) for n in _MARKER.findall(claim)}


def _said_before(
    claims: list[str], by_number: dict[int, Citation], numbers: dict[tuple[str, int, int], int], shown: dict[str, int],
) -> tuple[set[int], set[int]]:
    """The citation numbers of an answer (its own) whose quote an earlier paragraph says, and the
    numbers those paragraphs cite it by. A quote is said when it is cited there, or when a claim of
    it is said there in the same words (a quote running on from an earlier one has a citation of
    its own). "What does obfuscation involve, and where is it used?" had its second answer quote the
    first's sentences again. The rest of such a quote goes too: read without the sentence it runs
    on from, it answered "And where did he work?" with a sentence about another man."""
    again = {n for n, c in by_number.items() if _key(c) in numbers}
    above = {numbers[_key(by_number[n])] for n in again}
    for c in claims:
        if _words_of(c) in shown:
            again |= _cites(c) & set(by_number)
            above.add(shown[_words_of(c)])
    return again, above


def _words_of(text: str) -> str:
    """Text as a claim is compared with another: its words, without citation markers or case."""
    return " ".join(re.findall(r"\w+", _MARKER.sub("", text).lower()))
