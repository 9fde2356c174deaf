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
