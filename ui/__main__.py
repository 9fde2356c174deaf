"""`python -m ui`: the web app."""

from .serve import main

main()
