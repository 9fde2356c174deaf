"""`python -m ui`: the web app."""

from .gradio_import import skip_stub_writing

skip_stub_writing()
from .serve import main  # noqa: E402 - gradio is imported here, after the line above

main()
