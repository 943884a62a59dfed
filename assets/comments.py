"""Ingestion of the dumps' comments/ folder into raw.comments."""

from assets.ingestion.contract import COMMENTS
from assets.ingestion_asset import build_ingestion_asset

raw_comments = build_ingestion_asset(COMMENTS)
