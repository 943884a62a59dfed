"""Synthetic dumps of posts, comments and profiles, with injected fraud and its ground truth."""

from synthetic.config import GenerationConfig
from synthetic.pipeline import GenerationSummary, generate_dumps

__all__ = ["GenerationConfig", "GenerationSummary", "generate_dumps"]
