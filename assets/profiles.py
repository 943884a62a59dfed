"""Ingestion of the dumps' profiles/ folder into raw.profiles."""

from assets.ingestion.contract import PROFILES
from assets.ingestion_asset import build_ingestion_asset

raw_profiles = build_ingestion_asset(PROFILES)
