"""Synthetic dumps of posts, comments and profiles, with injected fraud and its ground truth."""

from orchestration.generate.config import GenerationConfig
from orchestration.generate.pipeline import GenerationSummary, generate_dumps

__all__ = ["GenerationConfig", "GenerationSummary", "generate_dumps"]
