"""The citation verifier every answer goes through, whatever the backend.

Each answer sentence must carry [n] markers that point at retrieved passages which support it:
the backend's proposed quote is checked verbatim against the passage, or a supporting sentence
is looked for (verbatim words, or most of the claim's content words). Unsupported sentences are
removed, invented passage numbers dropped, and citations renumbered in order of use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexical import stem_terms
from .text import sentence_spans
from .types import Chunk, Citation, Passage
from .units import section_at

MARKER = re.compile(r"\s*\[(\d{1,3})\]")
MIN_OVERLAP = 0.6  # share of a claim's content terms a supporting passage sentence must contain


@dataclass
class Verified:
    text: str
    citations: list[Citation]
    dropped: list[dict[str, str]] = field(default_factory=list)  # sentence + reason, for --explain


def find_verbatim(quote: str, text: str) -> tuple[int, int] | None:
    """Offsets of `quote` in `text`, ignoring differences in whitespace only."""
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (match.start(), match.end()) if match else None


def split_claims(text: str) -> list[tuple[str, list[int]]]:
    """Answer text -> [(sentence without markers, [passage numbers])]."""
    claims = []
    for start, end in sentence_spans(text.strip()):
        sentence = text.strip()[start:end]
        refs = [int(n) for n in MARKER.findall(sentence)]
        claim = MARKER.sub("", sentence).strip()
        if claims and not claim and refs:  # a marker split off after the full stop
            claims[-1][1].extend(refs)
            continue
        if claim:
            claims.append((claim, refs))
    return claims


def _support(claim: str, passage: Passage) -> tuple[int, int] | None:
    """Offsets (in the chunk text) of the passage sentence that supports `claim`, if any."""
    chunk = passage.chunk.text
    # An LLM may drop or change the closing punctuation of a sentence it quotes.
    exact = find_verbatim(claim, chunk) or find_verbatim(claim.rstrip(".!?;:"), chunk)
    if exact:
        return exact
    terms = set(stem_terms(claim))
    if not terms:
        return None
    best, best_overlap = None, 0.0
    for s, e in sentence_spans(chunk):
        overlap = len(terms & set(stem_terms(chunk[s:e]))) / len(terms)
        if overlap > best_overlap:
            best, best_overlap = (s, e), overlap
    return best if best_overlap >= MIN_OVERLAP else None


def verify(
    claims: list[tuple[str, list[int]]],
    passages: list[Passage],
    proposed: dict[tuple[int, int], tuple[int, int]] | None = None,
) -> Verified:
    """Keep the claims their cited passages support; build numbered, verbatim citations.

    `proposed` maps (claim index, passage number) to quote offsets in that passage's chunk text,
    as an extractive backend knows them; they are checked, not trusted.
    """
    proposed = proposed or {}
    citations: dict[tuple[str, int, int], Citation] = {}
    sentences: list[str] = []
    dropped: list[dict[str, str]] = []
    for i, (claim, refs) in enumerate(claims):
        markers = []
        quoted: list[_Quoted] = []
        for n in dict.fromkeys(refs):
            if not 1 <= n <= len(passages):
                dropped.append({"sentence": claim, "reason": f"cites [{n}], which is not a retrieved passage"})
                continue
            passage = passages[n - 1]
            span = proposed.get((i, n))
            if span is not None and not _quote_supports(claim, passage.chunk.text[span[0] : span[1]]):
                span = None
            span = span or _support(claim, passage)
            if span is None:
                dropped.append({"sentence": claim, "reason": f"passage [{n}] does not support it"})
                continue
            chunk = passage.chunk
            quoted.append((chunk.text, *span, []))
            for part in page_parts(chunk, span):
                key = (chunk.id, part[0], part[1])
                if key not in citations:
                    citations[key] = Citation(
                        n=len(citations) + 1,
                        source=chunk.source,
                        title=chunk.title,
                        page=chunk.page,
                        section=section_at(chunk, part[0]),
                        quote=chunk.text[part[0] : part[1]],
                        start=chunk.start + part[0],
                        end=chunk.start + part[1],
                        chunk_id=chunk.id,
                        context=_context_of(chunk, part),
                    )
                markers.append(citations[key].n)
                quoted[-1][3].append((*part, citations[key].n))
        if not markers:
            if not refs:
                dropped.append({"sentence": claim, "reason": "no citation"})
            continue
        # Each sentence of a quoted unit (two neighbouring sentences, a list) carries the citation,
        # before its closing punctuation: "... two years [1]."
        for s, e in _claim_sentences(claim):
            part = claim[s:e]
            refs_text = "".join(f"[{m}]" for m in _sentence_markers(part, quoted))
            if part[-1] in ".!?;":
                sentences.append(f"{part[:-1]} {refs_text}{part[-1]}")
            else:
                sentences.append(f"{part} {refs_text}")
    return Verified(" ".join(sentences), list(citations.values()), dropped)


def _claim_sentences(claim: str) -> list[tuple[int, int]]:
    """The sentences of a claim, as its markers go: a piece opening with a comma or a semicolon goes
    on the one before (a column of a budget's row labels, "...; Contrib., Indemnities & Taxes; ...",
    had read "Contrib [1]. , Indemnities")."""
    out: list[tuple[int, int]] = []
    for s, e in sentence_spans(claim):
        if out and claim[s] in ",;":
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


# A claim's quote in one passage: the chunk text, the quote's span in it, and its parts (start, end,
# citation number): a page break or the reader's copy may cut it (`page_parts`).
_Quoted = tuple[str, int, int, list[tuple[int, int, int]]]


def _sentence_markers(sentence: str, quoted: list[_Quoted]) -> list[int]:
    """The markers of the quoted parts a sentence of a claim is read from: a quote cut into parts (a
    page break, a place where the reader's copy parts from ours) had put every part's marker after
    each of its sentences ("... in place [1][2][3]. ... discounts [1][2][3]."). A sentence not found
    as it is in the quote (its words rejoined) keeps them all."""
    out: list[int] = []
    words = sentence.rstrip(".!?;, ").strip()
    for text, start, end, parts in quoted:
        at = text.find(words, start, end) if words else -1
        hit = [n for a, b, n in parts if at < b and a < at + len(words)] if at >= 0 else []
        out.extend(hit or [n for _, _, n in parts])
    return sorted(set(out))


def page_parts(chunk: Chunk, span: tuple[int, int]) -> list[tuple[int, int]]:
    """`span` of the chunk text cut where a page break cut its text (`Span.breaks`): a sentence a
    PDF runs over two pages is joined on the first, but the file reads a running header and a page
    number between its parts, so each part is a quote of its own, verbatim where the file has it
    ("... and progress" / "was evident to participants ..."). Most spans are one part."""
    cuts = sorted({b for block in chunk.spans for b in block.breaks if span[0] < b < span[1]})
    parts, at = [], span[0]
    for cut in cuts:
        parts.append((at, cut))
        at = cut + 1  # the space the join put in
    parts.append((at, span[1]))
    return [(a, b) for a, b in parts if chunk.text[a:b].strip()]


def _quote_supports(claim: str, quote: str) -> bool:
    terms = set(stem_terms(claim))
    return bool(terms) and len(terms & set(stem_terms(quote))) / len(terms) >= MIN_OVERLAP


def _context_of(chunk, span: tuple[int, int]) -> str:  # noqa: ANN001 - types.Chunk
    """The context of the block the quote starts in (a table row's headers, a list item's lead-in)."""
    for block in chunk.spans:
        if block.start <= span[0] < block.end and block.context:
            return block.context
    return ""
