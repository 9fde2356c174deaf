"""Single words' vectors: the corpus's embedded once and kept, a word met later embedded once
and remembered; the words a question and a unit are compared by are content words only."""

from __future__ import annotations

import pickle

import numpy as np

from ic_assistant.word_vectors import WordVectors, content_words


class CountingEmbed:
    """A stand-in model: each word's vector is its letters' counts, and every call is recorded."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, words: list[str]) -> np.ndarray:
        self.calls.append(list(words))
        out = np.zeros((len(words), 26), dtype=np.float32)
        for i, w in enumerate(words):
            for ch in w:
                if ch.isalpha() and ch.isascii():
                    out[i, ord(ch) - ord("a")] += 1
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_content_words_are_the_distinct_lower_cased_words_that_are_no_function_word() -> None:
    assert content_words("Which cities were involved in the Phase, and which CITIES left?") == [
        "cities", "involved", "phase", "left"]


def test_ingest_embeds_only_the_words_the_previous_vectors_lack() -> None:
    embed = CountingEmbed()
    first = WordVectors.build(["The councils organised visits."], embed)
    assert embed.calls == [["councils", "organised", "visits"]]
    second = WordVectors.build(["The councils organised trips.", "Visits ended."], embed, previous=first)
    assert embed.calls[1:] == [["ended", "trips"]]
    assert len(second) == 5
    assert np.allclose(second.lookup(["visits"], embed), first.lookup(["visits"], embed), atol=1e-3)
    assert len(embed.calls) == 2  # both held: nothing embedded


def test_a_word_met_later_is_embedded_once_and_not_pickled() -> None:
    embed = CountingEmbed()
    vectors = WordVectors.build(["Officers met."], embed)
    got = vectors.lookup(["officers", "trips", "trips"], embed)
    assert embed.calls[1:] == [["trips"]] and got.shape == (3, 26) and got.dtype == np.float32
    vectors.lookup(["trips"], embed)
    assert len(embed.calls) == 2
    restored = pickle.loads(pickle.dumps(vectors))
    assert len(restored) == 2
    restored.lookup(["trips"], embed)
    assert embed.calls[-1] == ["trips"]  # the remembered extra stayed with the process


def test_no_words_give_an_empty_matrix() -> None:
    assert WordVectors().lookup([], CountingEmbed()).shape[0] == 0
    assert len(WordVectors.build(["the of and"], CountingEmbed())) == 0


def test_akin_reads_the_vectors_held_and_embeds_nothing() -> None:
    embed = CountingEmbed()
    vectors = WordVectors.build(["Stars rats arts."], embed)
    calls = len(embed.calls)
    assert vectors.akin("stars", ["arts", "moon"], floor=0.9)  # same letters, bar one: near
    assert not vectors.akin("stars", ["moon"], floor=0.9)  # held by none: near none
    assert not vectors.akin("moon", ["stars"], floor=0.0)
    assert len(embed.calls) == calls


def test_a_number_counts_the_asked_noun_said_in_another_word(embedder) -> None:  # noqa: ANN001
    """ "How many councils ...?" is answered by "4-5 local authorities": the refusal had found no
    number counting councils and refused a question its documents answer."""
    from ic_assistant.features import holds_quantity
    from ic_assistant.scorer import AKIN_FLOOR

    text = "The project will work in a targeted way with 4-5 local authorities."
    vectors = WordVectors.build([text, "How many councils?", "Two cities joined."], embedder.embed)
    akin = lambda word, others: vectors.akin(word, others, AKIN_FLOOR)  # noqa: E731
    assert not holds_quantity("councils", text)
    assert holds_quantity("councils", text, akin=akin)
    assert not holds_quantity("councils", "Two cities joined in 2019.", akin=akin)
