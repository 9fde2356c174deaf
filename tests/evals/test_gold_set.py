"""The gold set is honest: every gold passage and key fact occurs in the source it names,
as the project's own loaders read that source."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from evals.metrics import GoldItem, load_gold, norm
from evals.runner import GOLD
from ingest.loaders import load_file

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
ITEMS = load_gold(GOLD)
TYPES = {"factoid", "list", "date", "person", "number", "why_how", "paraphrase", "followup",
         "unanswerable_offtopic", "unanswerable_hard"}


@lru_cache(maxsize=None)
def _pages(source: str) -> dict[int | None, str]:
    return {p.number: norm(p.text) for p in load_file(CORPUS / source).pages}


def _answerable() -> list[GoldItem]:
    return [i for i in ITEMS if i.answerable]


def test_size_and_shape() -> None:
    counts = Counter(i.answerable for i in ITEMS)
    assert counts[True] >= 80 and counts[False] >= 25
    assert len({i.id for i in ITEMS}) == len(ITEMS)
    assert {i.type for i in ITEMS} <= TYPES
    assert {i.split for i in ITEMS} == {"dev", "test"}
    sources = {s for i in ITEMS for s in i.sources}
    assert sources == {p.name for p in CORPUS.iterdir() if p.name not in ("manifest.csv", "programme.toml")}  # every document used
    assert sum(i.type == "followup" and bool(i.history) for i in ITEMS) >= 8
    pdf_pages = {i.page for i in ITEMS if i.page}
    assert len(pdf_pages) >= 10  # spread over the report


@pytest.mark.parametrize("item", _answerable(), ids=lambda i: i.id)
def test_gold_passage_and_key_facts_occur_in_the_source(item: GoldItem) -> None:
    assert item.sources and item.key_facts and item.gold_passage
    pages = _pages(item.sources[0])
    if item.page is not None:
        # A sentence cut by a page break is kept whole on the page where it starts.
        here = pages[item.page] + " " + pages.get(item.page - 1, "")
        assert norm(item.gold_passage) in here, f"gold passage not on page {item.page} (or begun on the one before)"
    else:
        assert any(norm(item.gold_passage) in text for text in pages.values())
    every_text = [text for source in item.sources for text in _pages(source).values()]
    for fact in item.key_facts:
        assert any(norm(phrase) in text for phrase in fact for text in every_text), f"key fact {fact} not found"


@pytest.mark.parametrize("item", [i for i in ITEMS if not i.answerable], ids=lambda i: i.id)
def test_unanswerable_items_name_no_source(item: GoldItem) -> None:
    assert not item.sources and not item.key_facts and item.gold_passage is None
