"""ask, search and batch commands (filled in by the answers issue)."""
