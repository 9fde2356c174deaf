"""Ingestion: load -> clean -> chunk -> embed -> write to Chroma and BM25, incrementally."""
