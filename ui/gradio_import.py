"""`import gradio` without its type-stub writer, for a faster start of the web app.

Gradio (6.x) regenerates a `.pyi` stub beside each of its component classes every time it is
imported, parsing each class's source file again with `ast`: about half of the 6 CPU seconds that
`import gradio` takes on this machine, for files that only an editor reads (and written into
site-packages). The stub writer is a module function that the component metaclass looks up when
each class is made, so replacing it right after its module runs, before any component class
exists, skips that work and changes nothing else.
"""

from __future__ import annotations

import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

STUB_MODULE = "gradio.component_meta"
STUB_WRITER = "create_or_modify_pyi"


def _write_no_stub(*args: Any, **kwargs: Any) -> None:
    return None


class _SkipStubs:
    """A meta-path finder that only finds `gradio.component_meta`, as Python would, and then
    replaces its stub writer once the module has run."""

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None) -> Any:
        if name != STUB_MODULE:
            return None
        sys.meta_path.remove(self)  # once is enough
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            if hasattr(module, STUB_WRITER):
                setattr(module, STUB_WRITER, _write_no_stub)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign] - this spec's loader only
        return spec


def skip_stub_writing() -> None:
    """Make the next `import gradio` skip the stub writer; nothing happens if gradio is already
    imported (or this was called before). Call it before the first import of gradio."""
    if STUB_MODULE in sys.modules or any(isinstance(f, _SkipStubs) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _SkipStubs())
