"""Thumbs up/down from the chat, one JSON object per line, for the evals to read later."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

_LOCK = threading.Lock()  # sessions share one file; whole lines only


def record_feedback(path: Path, turn: dict[str, Any], liked: bool, filters: dict[str, Any] | None = None) -> dict:
    """Append one rating with the question, the answer and its citations; returns the record."""
    answer = turn["answer"]
    record = {
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "rating": "up" if liked else "down",
        "question": turn["question"],
        "history": turn.get("history", []),
        "answer": answer["answer"],
        "refused": answer["refused"],
        "citations": answer["citations"],
        "backend": answer.get("backend", ""),
        "filters": filters or {},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _LOCK, path.open("a", encoding="utf-8") as f:
        f.write(line)
    return record
