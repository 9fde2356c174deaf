"""`python -m ic_assistant`: the same as the `ic-assistant` command."""

from .cli import main

main()
