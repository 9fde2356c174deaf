"""Rows and records read from their files with pread are those the files hold, in the order asked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ic_assistant.row_file import RecordFile, RowFile


def test_rows_come_back_as_saved_in_the_order_asked(tmp_path: Path) -> None:
    matrix = np.random.default_rng(2).standard_normal((500, 7)).astype(np.float16)
    np.save(tmp_path / "m.npy", matrix)
    rows = RowFile(tmp_path / "m.npy")
    asked = np.array([499, 3, 4, 5, 3, 0, 250, 251])
    assert len(rows) == 500 and rows.shape == (500, 7)
    assert np.array_equal(rows[asked], matrix[asked])
    assert np.array_equal(rows[17], matrix[17])
    assert rows[np.zeros(0, dtype=np.int64)].shape == (0, 7)
    with pytest.raises(IndexError):
        rows[np.array([500])]


def test_a_truncated_file_is_refused(tmp_path: Path) -> None:
    np.save(tmp_path / "m.npy", np.ones((10, 4), dtype=np.float32))
    data = (tmp_path / "m.npy").read_bytes()
    (tmp_path / "m.npy").write_bytes(data[:-4])
    with pytest.raises(ValueError, match="bytes"):
        RowFile(tmp_path / "m.npy")


def test_records_by_offset(tmp_path: Path) -> None:
    (tmp_path / "r.jsonl").write_bytes(b'{"a": 1}\n{"b": "\xc3\xa9"}\n')
    records = RecordFile(tmp_path / "r.jsonl", np.array([0, 9, 21]))
    assert len(records) == 2 and records[1] == b'{"b": "\xc3\xa9"}\n'
