"""Fixtures of the ic_assistant tests: an assistant over the real corpus (the CLI app is in
tests/conftest.py), and a small built index with a copy of it that a test may damage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ic_assistant import Settings

from tests.conftest import build_small_index, make_settings


@pytest.fixture(scope="session")
def assistant(real_index, embedder):  # noqa: ANN001, ANN201
    from ic_assistant import build_assistant

    return build_assistant(real_index.settings, embedder=embedder)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, embedder) -> Settings:  # noqa: ANN001
    """The small corpus, ingested once per module."""
    return build_small_index(tmp_path_factory.mktemp("built"), embedder)


@pytest.fixture
def index(built: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A copy of the built index that a test may damage, with the CLI pointed at it."""
    copy = tmp_path / "index"
    shutil.copytree(built.index_dir, copy)
    monkeypatch.setenv("IC_CORPUS_DIR", str(built.corpus_dir))
    monkeypatch.setenv("IC_INDEX_DIR", str(copy))
    monkeypatch.setenv("COLUMNS", "500")  # no wrapping: a message or a problem is one line
    return make_settings(built.corpus_dir, copy)
