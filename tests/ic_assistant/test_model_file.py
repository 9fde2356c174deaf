"""The answer model file: an empty setting means the shipped model; an unreadable one is a clear error."""

from __future__ import annotations

import json

import pytest

from ic_assistant import Settings
from ic_assistant.errors import ConfigError
from ic_assistant.scorer import DEFAULT_MODEL, load_model


def test_an_empty_model_path_variable_means_the_shipped_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IC_ANSWER__MODEL_PATH", "")
    settings = Settings()
    assert settings.answer.model_path is None
    assert load_model(settings.answer.model_path).meta == load_model(DEFAULT_MODEL).meta


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p, "cannot read the answer model at"),  # a folder, as an empty path once became
        (lambda p: p / "missing.json", "no answer model at"),
        (lambda p: (p / "old.json").write_text(json.dumps({"unit": {}})) and p / "old.json", "does not fit this code"),
    ],
)
def test_a_model_path_that_is_not_a_model_is_a_config_error(tmp_path, make, message) -> None:  # noqa: ANN001
    with pytest.raises(ConfigError, match=message):
        load_model(make(tmp_path))


def _older_model(tmp_path, part: str):  # noqa: ANN001, ANN202
    """The shipped model file as written before a feature was removed from `part`'s model."""
    raw = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    raw[part]["features"] = [*raw[part]["features"], "a_feature_since_removed"]
    path = tmp_path / "older.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def test_a_model_whose_refusal_predates_its_features_loads_without_it_for_a_refit(tmp_path) -> None:  # noqa: ANN001
    """`tune --refusal-only` after the refusal's features changed: the old file's refusal no
    longer fits the code, its unit scorer and passage ranker still do."""
    path = _older_model(tmp_path, "refusal")
    with pytest.raises(ConfigError, match="does not fit this code"):
        load_model(path)
    model = load_model(path, refusal=False)
    assert model.unit.features == load_model().unit.features and model.passage is not None
    assert not model.refusal.coef.any()


def test_a_model_whose_unit_scorer_predates_its_features_gives_its_passage_ranker(tmp_path) -> None:  # noqa: ANN001
    """`tune --keep-passages` (and `--samples-out`, `--kept`) after the unit features changed: the
    old file's unit scorer no longer fits the code, its passage ranker still does and is kept."""
    from ic_assistant.scorer import load_passage_ranker

    path = _older_model(tmp_path, "unit")
    with pytest.raises(ConfigError, match="does not fit this code"):
        load_model(path)
    ranker = load_passage_ranker(path)
    assert ranker is not None
    assert ranker.features == load_model().passage.features
    assert (ranker.coef == load_model().passage.coef).all()
    with pytest.raises(ConfigError, match="no answer model at"):
        load_passage_ranker(tmp_path / "missing.json")


def test_a_model_fitted_before_the_share_floor_loads_without_one(tmp_path) -> None:  # noqa: ANN001
    """Files written before `add_min_share` existed compose as they did: no relative floor."""
    raw = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    del raw["add_min_share"]
    path = tmp_path / "older.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert load_model(path).add_min_share == 0.0
    assert load_model().add_min_share > 0.0
    assert load_model(path).add_min_prob == load_model().add_min_prob


def test_a_model_fitted_before_the_overflow_loads_without_one(tmp_path) -> None:  # noqa: ANN001
    """Files written before `overflow_share` existed keep every answer within the budget."""
    raw = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    del raw["overflow_share"]
    path = tmp_path / "older.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert load_model(path).overflow_share is None
    assert 0.0 < load_model().overflow_share < 1.0
    assert load_model(path).to_dict()["overflow_share"] is None
