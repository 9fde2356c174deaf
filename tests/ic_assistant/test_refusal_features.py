"""The refusal's question-level features, on a tiny corpus built in the test."""

from __future__ import annotations

import numpy as np

from ic_assistant.extractive import Lexicon
from ic_assistant.features import UNIT_FEATURES
from ic_assistant.programme import Entity, Programme
from ic_assistant.question import analyse
from ic_assistant.scorer import REFUSAL_FEATURES, refusal_features
from ic_assistant.types import Chunk, Passage
from ic_assistant.units import TABLE_ROW, Unit

PROGRAMME = Programme(entities=(Entity("Northtown", "city"), Entity("Southport", "city"), Entity("Eastbay", "city")))
ROWS = ["Northtown | Deputy Mayor", "Southport | Director of Communities"]
HEADERS = "City | Strategic Sponsor for Welcome Towns"


def _anchored_cover(question: str, corpus: list[str]) -> float:
    text = "\n\n".join(ROWS)
    chunk = Chunk(id="c", doc_id="d", source="r.md", title="Welcome Towns report", doc_type="report", year=None,
                  page=None, section="Welcome Towns sponsors", start=0, end=len(text), text=text)
    units, at = [], 0
    for row in ROWS:
        units.append(Unit(1, at, at + len(row), TABLE_ROW, row, HEADERS))
        at += len(row) + 2
    X = np.zeros((len(units), len(UNIT_FEATURES)))
    row = refusal_features(analyse(question, PROGRAMME), units, X, np.zeros(len(units)), [Passage(chunk, 1.0)],
                           Lexicon(corpus).idf)
    return float(row[REFUSAL_FEATURES.index("anchored_cover")])


def test_a_name_in_most_of_the_corpus_anchors_nothing() -> None:
    """"Who was Eastbay's strategic sponsor for Welcome Towns?": the programme's own name is in
    every chunk (and every row's headers), so only a unit naming Eastbay may show that the
    documents hold the answer. No row does: the cover is low, and the refusal can see it."""
    corpus = [f"Welcome Towns {t}" for t in ("helps councils", "met in Northtown", "runs to 2025", "has a framework")]
    corpus += ["Eastbay joined later.", "Southport hosted a visit."]
    assert _anchored_cover("Who was Eastbay's strategic sponsor for Welcome Towns?", corpus) < 0.5
    # Named in few chunks, the same words still anchor: the rows name the sponsors of Welcome Towns.
    rare = ["Welcome Towns helps councils", "Northtown met.", "The plan runs to 2025.", "A framework.", "Eastbay."]
    assert _anchored_cover("Who was Eastbay's strategic sponsor for Welcome Towns?", rare) == 1.0
    # The city the rows do name anchors its own row.
    assert _anchored_cover("Who was Northtown's strategic sponsor for Welcome Towns?", corpus) == 1.0
