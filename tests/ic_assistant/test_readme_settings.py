"""The README's settings table lists every setting with its real default, so it stays true."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from ic_assistant import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def _env_names(model: type[BaseModel], prefix: str = "IC_") -> dict[str, object]:
    names: dict[str, object] = {}
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names.update(_env_names(annotation, f"{prefix}{name.upper()}__"))
        else:
            names[f"{prefix}{name.upper()}"] = field.default
    return names


def test_every_setting_is_documented_with_its_default() -> None:
    rows = dict(re.findall(r"^\| `(IC_[A-Z0-9_]+)` \| ([^|]+) \|", README.read_text(encoding="utf-8"), re.MULTILINE))
    for env, default in _env_names(Settings).items():
        assert env in rows, f"{env} is missing from the README's settings table"
        if isinstance(default, (int, float, str)) and not isinstance(default, bool):
            shown = f"{default:g}" if isinstance(default, float) else str(default)
            assert rows[env].strip() == f"`{shown}`", f"{env}: README says {rows[env].strip()}, code says {shown}"
