"""Ingestion of the dumps' posts/ folder into raw.posts."""

from assets.ingestion.contract import POSTS
from assets.ingestion_asset import build_ingestion_asset

raw_posts = build_ingestion_asset(POSTS)
