"""Gold Q&A set, runner and quality gate."""
