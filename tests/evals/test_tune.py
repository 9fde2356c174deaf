"""The tuner's fitting steps on small synthetic data: deterministic, and the threshold rule."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from evals.tune import PARAPHRASED, as_written, choose_threshold, cv_folds, fit_linear, fit_units
from ic_assistant.extractive import Lexicon
from ic_assistant.features import UNIT_FEATURES


def test_fit_is_deterministic_and_learns_the_signal() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    y = X[:, 0] + 0.1 * rng.normal(size=200) > 0
    a = fit_linear(X, y, ("signal", "noise1", "noise2"), C=1.0)
    b = fit_linear(X, y, ("signal", "noise1", "noise2"), C=1.0)
    assert np.array_equal(a.coef, b.coef) and a.intercept == b.intercept
    assert a.coef[0] > 5 * max(abs(a.coef[1]), abs(a.coef[2]))
    assert ((a.logit(X) > 0) == y).mean() > 0.9


def test_threshold_keeps_false_refusals_under_the_cap() -> None:
    probs = np.array([0.1, 0.2, 0.3, 0.35, 0.9, 0.95, 0.4, 0.85])
    unanswerable = np.array([False, False, False, False, True, True, True, False])
    t, correct, false = choose_threshold(probs, unanswerable)
    refused = probs > t
    assert false == refused[~unanswerable].mean() <= 0.025
    assert correct == refused[unanswerable].mean() == 2 / 3


def test_reworded_questions_have_a_false_refusal_cap_of_their_own() -> None:
    """A new user's wording matches the documents less, and a threshold set on the questions as
    written refused 14 of 234 answerable rewordings: they are held to MAX_FALSE_REFUSALS_REWORDED."""
    from evals.tune import MAX_FALSE_REFUSALS_REWORDED

    written = np.array([0.1] * 40 + [0.9, 0.8, 0.7])
    unanswerable = np.array([False] * 40 + [True] * 3)
    rewordings = np.array([0.1] * 17 + [0.65, 0.75, 0.85])  # 3 of 20 above 0.6
    probs = np.concatenate([written, rewordings])
    marks = np.concatenate([np.zeros(43, dtype=bool), np.ones(20, dtype=bool)])
    t_written, _, _ = choose_threshold(written, unanswerable)
    t, correct, false = choose_threshold(probs, np.concatenate([unanswerable, np.zeros(20, dtype=bool)]), marks)
    assert t_written == 0.69 and t == 0.79  # the rewordings' cap moves it up, past their 0.75
    assert (rewordings > t).mean() <= MAX_FALSE_REFUSALS_REWORDED and false == 0.0 and correct == 2 / 3


def test_a_rewording_is_scored_by_the_refusal_models_fitted_without_its_question() -> None:
    """Its P comes from the fold models that held its question out, so a rewording whose row is the
    question's own gets the question's out-of-fold P."""
    from evals.tune import out_of_fold

    rng = np.random.default_rng(5)
    y = np.arange(60) % 3 == 0
    R = rng.normal(size=(60, 4)) + y[:, None] * 1.0
    of = [4, 17, 33]
    probs = out_of_fold(R, y, seeds=[0, 1], more=(R[of], of))
    assert len(probs) == 63 and np.allclose(probs[60:], probs[of])
    assert np.allclose(probs[:60], out_of_fold(R, y, seeds=[0, 1]))  # the questions as written are as before


def test_cv_folds_keep_general_documents_whole_and_shuffle_programme_questions_by_seed() -> None:
    samples = [_fold_sample("programme", "report.pdf", n) for n in range(30)]
    samples += [_fold_sample("general", f"doc{n % 4}.md", 30 + n) for n in range(12)]
    first, again, other = cv_folds(samples, 6), cv_folds(samples, 6, seed=0), cv_folds(samples, 6, seed=3)
    assert first == again and first[:30] == [i % 6 for i in range(30)]
    assert other[:30] != first[:30] and sorted(other[:30]) == sorted(first[:30])  # same fold sizes, shuffled
    for folds in (first, other):  # one document, one fold, whatever the seed
        by_doc: dict[str, set[int]] = {}
        for s, f in zip(samples[30:], folds[30:]):
            by_doc.setdefault(s.item.sources[0], set()).add(f)
        assert all(len(f) == 1 for f in by_doc.values()) and len(by_doc) == 4
    assert first[30:] == other[30:]


def _fold_sample(set_name: str, source: str, n: int, paraphrase: str = "") -> SimpleNamespace:
    return SimpleNamespace(set_name=set_name, extra=False, paraphrase=paraphrase,
                           item=SimpleNamespace(id=f"q{n}{PARAPHRASED if paraphrase else ''}", sources=[source]))


def test_a_reworded_question_shares_the_fold_of_the_question_it_rewords() -> None:
    """Fitted beside the question it rewords, a rewording would be judged on an answer its own
    words taught; and the questions as written keep the folds they had without rewordings, so
    figures with and without them pair question by question."""
    written = [_fold_sample("programme", "report.pdf", n) for n in range(12)]
    written += [_fold_sample("general", f"doc{n % 3}.md", 12 + n) for n in range(6)]
    reworded = [_fold_sample(s.set_name, s.item.sources[0], n, "held") for n, s in enumerate(written) if n % 2]
    for seed in (0, 3):
        alone = cv_folds(written, 6, seed)
        mixed = cv_folds(written + reworded, 6, seed)
        assert mixed[: len(written)] == alone
        assert mixed[len(written):] == [alone[n] for n in range(len(written)) if n % 2]
    assert as_written(written + reworded) == written


def _questions(n: int, seed: int) -> list[SimpleNamespace]:
    """Questions with 20 units each whose first feature says which unit holds the answer."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(n):
        X = rng.normal(size=(20, len(UNIT_FEATURES)))
        labels = X[:, 0] + 0.5 * rng.normal(size=20) > 1.0
        out.append(SimpleNamespace(item=SimpleNamespace(answerable=True, id=f"q{k}"), units=[None] * 20, X=X,
                                   labels=labels, extra=False, paraphrase="", set_name="programme"))
    return out


def test_bagged_unit_fit_is_the_mean_of_its_fits_and_steadier_than_one() -> None:
    questions = _questions(60, 0)
    X = np.concatenate([q.X for q in questions])
    bagged, again = fit_units(questions), fit_units(questions)
    assert np.array_equal(bagged.coef, again.coef) and bagged.intercept == again.intercept  # deterministic
    single = fit_units(questions, bag=1)
    assert np.corrcoef(bagged.logit(X), single.logit(X))[0, 1] > 0.99  # the same model, averaged
    assert bagged.coef[0] > 3 * np.abs(bagged.coef[1:]).max()
    # Two fits on different halves of the questions disagree less when each is bagged.
    a, b = questions[:30], questions[30:]
    spread_bagged = np.abs(fit_units(a).logit(X) - fit_units(b).logit(X)).mean()
    spread_single = np.abs(fit_units(a, bag=1).logit(X) - fit_units(b, bag=1).logit(X)).mean()
    assert spread_bagged < spread_single


def test_feature_support_names_the_rare_yes_no_features() -> None:
    from evals.tune import feature_support

    questions = _questions(3, 1)
    col = UNIT_FEATURES.index("is_question")
    for q in questions:
        q.X[:, col] = 0.0
    questions[0].X[2, col] = 1.0
    questions[0].labels[2] = True
    support = feature_support(questions)
    assert "true for 1 dev units, 1 holding a fact" in support["is_question"]
    assert "dense" not in support  # not a yes/no feature
    never = UNIT_FEATURES.index("views_section")
    for q in questions:
        q.X[:, never] = 0.0
    assert "the same for every dev unit" in feature_support(questions)["views_section"]


def test_the_refusal_reads_unit_scores_from_a_scorer_not_fitted_on_the_question() -> None:
    """In-sample, a fitted question's best unit scores what the fit made it; the refusal would learn
    to trust a score that a new answerable question does not reach. Only the questions the unit
    scorer fits on (answerable gold ones) get their rows from a scorer fitted without them."""
    from evals.tune import refusal_rows, refusal_rows_out_of_fold
    from ic_assistant.programme import Programme
    from ic_assistant.question import analyse
    from ic_assistant.scorer import REFUSAL_FEATURES
    from ic_assistant.types import Chunk, Passage
    from ic_assistant.units import SENTENCE, Unit

    text = "Northtown runs a welcome hub for new residents."
    chunk = Chunk(id="c", doc_id="d", source="s.md", title="T", doc_type="web page", year=None, page=None,
                  section="", start=0, end=len(text), text=text)
    question = analyse("Where is the welcome hub?", Programme())
    samples = _questions(30, 5)
    for n, s in enumerate(samples):
        s.question, s.passages, s.lexicon = question, [Passage(chunk, 1.0)], Lexicon([text])
        s.units = [Unit(1, 0, len(text), SENTENCE, text)] * len(s.labels)
        s.extra = n >= 25  # the team's extra questions: the unit scorer never fits on them
        s.item.answerable = n % 5 != 4
    unit = fit_units(samples[:25])
    before = refusal_rows(samples, unit)
    after = refusal_rows_out_of_fold(samples, samples[:25], unit)
    best = REFUSAL_FEATURES.index("best_logit")
    rest = [j for j in range(len(REFUSAL_FEATURES)) if j != best]
    for s, b, a in zip(samples, before, after):
        if s.extra or not s.item.answerable:
            assert np.array_equal(a, b)
        else:
            assert a[best] != b[best] and np.array_equal(a[rest], b[rest])
    fitted = [i for i, s in enumerate(samples) if not s.extra and s.item.answerable]
    assert after[fitted, best].mean() < before[fitted, best].mean()  # the in-sample lift, gone


def _answerable_samples(n: int, words: int = 0) -> list[SimpleNamespace]:
    """Questions whose fact sits in the one unit with a high first feature; every fifth unanswerable.
    `words` more words, each unit its own, make the units longer (60: about 300 characters)."""
    from ic_assistant.programme import Programme
    from ic_assistant.question import analyse
    from ic_assistant.types import Chunk, Passage
    from ic_assistant.units import SENTENCE, Unit

    rng = np.random.default_rng(7)
    question = analyse("What does the plan fund?", Programme())
    out = []
    for q in range(n):
        texts = [f"The plan funds project {q}{chr(97 + i)} in full"
                 + "".join(f" {chr(97 + i)}{w}x" for w in range(words)) + "." for i in range(6)]
        text = " ".join(texts)
        chunk = Chunk(id=f"c{q}", doc_id="d", source="plan.md", title="Plan", doc_type="web page", year=None,
                      page=None, section="", start=0, end=len(text), text=text)
        starts = [text.index(t) for t in texts]
        units = [Unit(1, s, s + len(t), SENTENCE, t) for s, t in zip(starts, texts)]
        answerable = q % 5 != 4
        X = rng.normal(size=(6, len(UNIT_FEATURES))) * 0.3
        X[0, 0] += 2.0  # the first feature marks the unit holding the fact
        vectors = np.eye(6, 8)
        out.append(SimpleNamespace(
            set_name="programme", extra=False, paraphrase="", question=question, units=units, X=X, vectors=vectors,
            labels=np.array([answerable and i == 0 for i in range(6)]),
            facts=[[0] if answerable and i == 0 else [] for i in range(6)],
            passages=[Passage(chunk, 1.0)], lexicon=Lexicon([text]),
            item=SimpleNamespace(id=f"q{q}", answerable=answerable, sources=["plan.md"],
                                 key_facts=((f"project {q}a",),) if answerable else ()),
        ))
    return out


def test_a_kept_model_answers_the_questions_as_another_index_presents_them() -> None:
    """`--kept`: each fold's model is fitted on one presentation of the dev questions and answers
    another; answering the same presentation is plain cross-validation."""
    import copy

    import pytest

    from evals.tune import cross_validate
    from ic_assistant.config import Settings

    settings = Settings()
    samples = _answerable_samples(30)
    plain = cross_validate(samples, settings)
    assert cross_validate(samples, settings, scored=samples) == plain
    assert plain["programme"]["recall"] == 1.0
    # The other index hides the evidence: its fact-holding unit no longer stands out.
    hidden = [copy.copy(s) for s in samples]
    for s in hidden:
        s.X = s.X.copy()
        s.X[0, 0] -= 4.0
    assert cross_validate(samples, settings, scored=hidden)["programme"]["recall"] < 0.5
    with pytest.raises(ValueError, match="same questions"):
        cross_validate(samples, settings, scored=hidden[::-1])


def test_refusal_only_keeps_the_unit_scorer_and_passage_ranker() -> None:
    """`--refusal-only`: a change to the refusal's features is shipped without a refit of the unit
    scorer, so its answers stay those that were measured."""
    from evals.tune import fit_units, refit_refusal
    from ic_assistant.scorer import REFUSAL_FEATURES, AnswerModel, LinearModel

    samples = _answerable_samples(30)
    unit = fit_units(samples)
    passage = LinearModel(("dense",), np.zeros(1), np.ones(1), np.ones(1), 0.0)
    blank = LinearModel(REFUSAL_FEATURES, np.zeros(len(REFUSAL_FEATURES)), np.ones(len(REFUSAL_FEATURES)),
                        np.zeros(len(REFUSAL_FEATURES)), 0.0)
    model = AnswerModel(unit, blank, 1.0, 0.3, {"fitted_on": "x"}, passage)
    refit, line = refit_refusal(model, samples)
    assert refit.unit is unit and refit.passage is passage and refit.add_min_prob == 0.3
    # The refit's questions, not the model's before it: extra questions added since are counted.
    assert refit.meta["fitted_on"] == "dev splits: 30 programme + 0 general questions" and "refusal_fit" in refit.meta
    assert refit.refusal is not blank and np.any(refit.refusal.coef != 0) and "refusal threshold" in line


def test_composition_only_keeps_the_scorers_and_fits_both_floors() -> None:
    """`--composition-only`: the thresholds a further unit must clear are refitted, the ranker, unit
    scorer and refusal kept; the share loses no dev fact."""
    from ic_assistant import Settings
    from evals.tune import composed_figures, fit_units, refit_composition
    from ic_assistant.scorer import REFUSAL_FEATURES, AnswerModel, LinearModel

    samples = _answerable_samples(30)
    unit = fit_units(samples)
    refusal = LinearModel.blank(REFUSAL_FEATURES)
    model = AnswerModel(unit, refusal, 0.9, 0.3, {"fitted_on": "x"}, None)
    settings = Settings()
    refit, log = refit_composition(model, samples, settings)
    assert refit.unit is unit and refit.refusal is refusal and refit.refusal_threshold == 0.9
    assert refit.meta["fitted_on"] == "x" and "composition_fit" in refit.meta
    assert 0.0 <= refit.add_min_prob <= 0.95 and 0.0 <= refit.add_min_share <= 0.95
    assert any(line.startswith("add_min_share 0.20") for line in log)
    no_share = composed_figures(samples, unit, refit.add_min_prob, settings)[0]
    assert composed_figures(samples, unit, refit.add_min_prob, settings, add_min_share=refit.add_min_share)[0] == no_share
    # the overflow: the least selective share whose answers pass the budget in at most a quarter of a set's
    assert any(line.startswith("overflow_share 0.50") for line in log)


def test_overflow_rate_is_the_largest_sets_share_of_answers_past_the_budget() -> None:
    """Units of about 300 characters, so a second one takes the answer past the 450 budget. The
    scorer reads the first feature alone: the best unit at P 0.9, the runner-up from P 0.12 to 0.88.
    With a share of 0.5 the runner-ups at P >= 0.45 pass the budget, with 0.9 none does; the
    extra questions are a set of their own."""
    from ic_assistant import Settings
    from ic_assistant.scorer import LinearModel
    from evals.tune import overflow_rate

    samples = _answerable_samples(30, words=60)
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    runner_up = np.linspace(0.12, 0.88, len(samples))
    for s, p in zip(samples, runner_up):
        s.X[:, 0] = -5.0
        s.X[0, 0], s.X[1, 0] = logit(0.9), logit(p)
    n = len(UNIT_FEATURES)
    unit = LinearModel(UNIT_FEATURES, np.zeros(n), np.ones(n), np.eye(n)[0], 0.0)
    settings = Settings()
    answerable = [s.item.answerable for s in samples]
    expected = np.mean([p >= 0.45 for p, a in zip(runner_up, answerable) if a])
    assert overflow_rate(samples, unit, 0.05, 0.2, 0.5, settings) == pytest.approx(expected)
    assert overflow_rate(samples, unit, 0.05, 0.2, 0.95, settings) == 0.0
    for s in samples[:10]:
        s.extra = True
    extra = np.mean([p >= 0.45 for p, a in zip(runner_up[:10], answerable[:10]) if a])
    core = np.mean([p >= 0.45 for p, a in zip(runner_up[10:], answerable[10:]) if a])
    assert overflow_rate(samples, unit, 0.05, 0.2, 0.5, settings) == pytest.approx(max(extra, core))


def test_refusal_probabilities_are_the_mean_over_fold_shuffles() -> None:
    """The threshold is read off the few answerable questions with the highest out-of-fold P, which
    moved by 0.08 with the fold shuffle alone; the mean over shuffles is what it is read from."""
    from evals.tune import out_of_fold

    rng = np.random.default_rng(3)
    y = np.arange(80) % 4 == 0
    R = rng.normal(size=(80, 4)) + y[:, None] * 1.0
    one, other = out_of_fold(R, y, seeds=[0]), out_of_fold(R, y, seeds=[1])
    assert not np.allclose(one, other)  # the shuffle alone moves every question's P
    assert np.allclose(out_of_fold(R, y, seeds=[0, 1]), (one + other) / 2)
    many = [out_of_fold(R, y, seeds=range(k, k + 10)) for k in (0, 10)]
    assert np.abs(many[0] - many[1]).mean() < np.abs(one - other).mean() / 2


def test_keep_passages_fits_with_the_passage_ranker_in_use(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """`--keep-passages`: the dev questions are ranked, and the model saved, with the passage ranker
    of the model in use, not one refitted on all the dev questions."""
    import sys

    import evals.tune as tune
    from ic_assistant.scorer import load_model

    in_use = load_model()  # the shipped model (IC_ANSWER__MODEL_PATH unset in tests)
    seen = []

    def fake_dev_samples(settings, general_index, extra=(), passage=None, paraphrases="none"):  # noqa: ANN001, ANN202
        seen.append(passage)
        return (passage if passage is not None else in_use.passage), _answerable_samples(30), None

    monkeypatch.setattr(tune, "dev_samples", fake_dev_samples)
    monkeypatch.delenv("IC_ANSWER__MODEL_PATH", raising=False)
    out = tmp_path / "model.json"
    monkeypatch.setattr(sys, "argv", ["tune", "--keep-passages", "--out", str(out)])
    tune.main()
    assert seen and seen[0] is not None
    assert np.allclose(seen[0].coef, in_use.passage.coef)
    assert np.allclose(load_model(out).passage.coef, in_use.passage.coef)
    monkeypatch.setattr(sys, "argv", ["tune", "--out", str(out)])
    tune.main()
    assert seen[1] is None  # without the flag the ranker is refitted (here: the fake returns the shipped one)


def test_cv_presents_every_question_by_a_ranker_not_fitted_on_it(monkeypatch) -> None:  # noqa: ANN001
    """`--cv` (without `--keep-passages`): the passage ranker is cross-fitted inside each fold. A
    held-out question is presented by a ranker fitted without its fold, and each question the fold's
    model trains on by one fitted without its own fold and the held-out one: no question, held out
    or trained on, chose its own passages."""
    import evals.tune as tune
    from evals.tune import PassageSample, cross_validate, cv_folds, question_key
    from ic_assistant.config import Settings
    from ic_assistant.retrieval import PASSAGE_FEATURES

    samples = _answerable_samples(30)
    keys = [question_key(s) for s in samples]
    folds = 6
    fold = cv_folds(samples, folds)
    fold_of = dict(zip(keys, fold))
    passages = [PassageSample(k, np.zeros((2, len(PASSAGE_FEATURES))), np.array([True, False]))
                for k, s in zip(keys, samples) if s.item.answerable]
    left_out: dict[str, frozenset[int]] = {}  # each ranker -> the folds it was fitted without

    def fake_fit_passages(fitted):  # noqa: ANN001, ANN202
        seen = {p.key for p in fitted}
        without = frozenset(range(folds)) - {fold_of[k] for k in seen}
        assert seen == {p.key for p in passages if fold_of[p.key] not in without}
        name = f"ranker {len(left_out)}"
        left_out[name] = without
        return name

    presented: dict[int, frozenset[int]] = {}  # id of each presented sample -> its ranker's left-out folds

    class FakeDev:
        def __init__(self) -> None:
            self.passages = passages

        def samples(self, ranker):  # noqa: ANN001, ANN202
            copies = [SimpleNamespace(**vars(s)) for s in samples]
            presented.update({id(c): left_out[ranker] for c in copies})
            return copies

    trained_on = []
    real_fit = tune.fit

    def recording_fit(train, settings, passage=None, composition=None):  # noqa: ANN001, ANN202
        trained_on.append([(question_key(s), presented[id(s)]) for s in train])
        return real_fit(train, settings, passage, composition)

    scored = []
    real_figures = tune.composed_figures

    def recording_figures(held, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        scored.extend((question_key(s), presented[id(s)]) for s in held)
        return real_figures(held, *args, **kwargs)

    monkeypatch.setattr(tune, "fit_passages", fake_fit_passages)
    monkeypatch.setattr(tune, "fit", recording_fit)
    monkeypatch.setattr(tune, "composed_figures", recording_figures)
    # Composition kept: the fit composes no answers, so each one composed is a held-out question's.
    out = cross_validate(samples, Settings(), folds=folds, dev=FakeDev(), composition=(0.05, 0.0, None))
    answerable = [key for key, s in zip(keys, samples) if s.item.answerable]
    assert sorted(key for key, _ in scored) == sorted(answerable)  # each held out once
    assert all(without == {fold_of[key]} for key, without in scored)
    assert len(trained_on) == folds
    for k, train in enumerate(trained_on):
        # in file order, every question of the other folds, each by a ranker fitted without k and its own fold
        assert [key for key, _ in train] == [key for key, f in zip(keys, fold) if f != k]
        assert all(without == {k, fold_of[key]} for key, without in train)
    assert sorted(left_out.values(), key=sorted).count(frozenset({0})) == 1  # fold 0 held out: one ranker
    assert len(left_out) == folds + folds * (folds - 1) // 2  # 6 held-out rankers, one for each pair of folds
    assert out["programme"]["recall"] == 1.0


def test_kept_answers_can_be_composed_by_another_version_of_compose(tmp_path) -> None:  # noqa: ANN001
    """`--kept --compose-before FILE`: the before side is composed by another version of
    compose.py, so that a change to composition alone shows (both sides composed alike showed 0)."""
    import shutil
    from pathlib import Path

    import ic_assistant.compose
    from evals.tune import cross_validate, load_compose
    from ic_assistant.config import Settings

    settings = Settings()
    samples = _answerable_samples(30)
    copy = tmp_path / "compose.py"
    shutil.copy(Path(ic_assistant.compose.__file__), copy)
    other = load_compose(copy)  # another file, its relative imports resolved inside the package
    assert other is not ic_assistant.compose.compose
    assert cross_validate(samples, settings, composer=other) == cross_validate(samples, settings)
    quotes_nothing = lambda *args, **kwargs: []  # noqa: E731
    assert cross_validate(samples, settings, composer=quotes_nothing)["programme"]["recall"] == 0.0


def test_a_kept_composition_is_used_as_given_in_the_fit_and_in_each_fold(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--keep-composition`: the thresholds come from the model in use, not from the grid fit, both in
    the model written and in every fold of the cross-validation; the unit scorer is still fitted."""
    from ic_assistant import Settings
    from evals import tune
    from evals.tune import cross_validate, fit

    samples = _answerable_samples(30)
    settings = Settings()
    fitted, _ = fit(samples, settings)
    kept, log = fit(samples, settings, composition=(0.9, 0.9, None))
    assert (kept.add_min_prob, kept.add_min_share, kept.overflow_share) == (0.9, 0.9, None)
    assert kept.meta["composition_fit"] == "kept from the answer model in use" and "composition_fit" not in fitted.meta
    assert any(line.startswith("composition kept") for line in log)
    assert not any(line.startswith("add_min_prob") for line in log)  # no grid fit
    assert np.allclose(kept.unit.coef, fitted.unit.coef)
    kept_in_folds = []
    monkeypatch.setattr(tune, "fit", lambda *a, **kw: (kept_in_folds.append(kw.get("composition")), fit(*a, **kw))[1])
    cross_validate(samples, settings, composition=(0.9, 0.9, None))
    assert kept_in_folds == [(0.9, 0.9, None)] * 6



def test_cross_fitted_samples_rank_gold_questions_by_a_ranker_not_fitted_on_them(monkeypatch) -> None:  # noqa: ANN001
    """`dev_samples` presents each gold dev question with its passages ranked by a ranker fitted
    without its fold, and the extra questions by the ranker given: the unit scorer then learns how
    far a passage's rank is to be trusted from presentations like a new question's."""
    import copy

    import evals.tune as tune
    from evals.tune import CROSS_FIT_FOLDS, DevQuestions, PassageSample, cv_folds, question_key
    from ic_assistant.retrieval import PASSAGE_FEATURES

    core = _answerable_samples(30)
    extra_questions = []
    for s in _answerable_samples(5):
        s = copy.copy(s)
        s.extra = True
        extra_questions.append(s)
    keys = [question_key(s) for s in core]
    fitted_on: list[set[str]] = []

    def fake_fit_passages(passages):  # noqa: ANN001, ANN202
        fitted_on.append({p.key for p in passages})
        return f"ranker {len(fitted_on)}"

    class FakeDev(DevQuestions):
        def __init__(self) -> None:  # no assistants: the questions as each ranker presents them
            self.passages = [PassageSample(k, np.zeros((2, len(PASSAGE_FEATURES))), np.array([True, False]))
                             for k, s in zip(keys, core) if s.item.answerable]

        def samples(self, passage, extra=True):  # noqa: ANN001, ANN202
            shown = [copy.copy(s) for s in core + (extra_questions if extra else [])]
            for s in shown:
                s.ranker = passage
            return shown

    monkeypatch.setattr(tune, "fit_passages", fake_fit_passages)
    out = FakeDev().cross_fitted("in use")
    assert [question_key(s) for s in out] == keys + [question_key(s) for s in extra_questions]  # same order
    assert [s.ranker for s in out[len(core):]] == ["in use"] * len(extra_questions)  # extra: the ranker given
    fold = cv_folds(core, CROSS_FIT_FOLDS)
    answerable = {k for k, s in zip(keys, core) if s.item.answerable}
    assert len(fitted_on) == CROSS_FIT_FOLDS
    for s, key, f in zip(out, keys, fold):
        assert s.ranker == f"ranker {f + 1}"  # fitted on every other fold's questions, none of its own
        assert key not in fitted_on[f] and fitted_on[f] == answerable - {k for k, g in zip(keys, fold) if g == f}


def test_a_kept_composition_is_read_from_a_model_whose_features_the_code_has_changed(tmp_path) -> None:  # noqa: ANN001
    """`--keep-composition` judges a new unit feature with the thresholds in use, though that model's
    unit scorer no longer fits the code (it has one feature fewer)."""
    import json

    from evals.tune import kept_composition
    from ic_assistant import Settings
    from ic_assistant.scorer import DEFAULT_MODEL

    raw = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    raw["unit"]["features"] = raw["unit"]["features"][:-1]
    raw.update(add_min_prob=0.07, add_min_share=0.25, overflow_share=None)
    older = tmp_path / "older.json"
    older.write_text(json.dumps(raw), encoding="utf-8")
    settings = Settings().with_overrides(answer=Settings().answer.model_copy(update={"model_path": older}))
    assert kept_composition(settings) == (0.07, 0.25, None)
