"""Which earlier rows a mart's Great Expectations check may skip: only those of the current
release, when that release passed the same suite and its Parquet file is the one it published."""

from __future__ import annotations

import json

import duckdb

from orchestration.checks import validated_in_current_release
from orchestration.expectations import SUITES
from orchestration.publish import CURRENT, MANIFEST_NAME, PARQUET_DIR, file_sha256
from orchestration.settings import BignoiseSettings


def current_release(tmp_path, digest: str) -> BignoiseSettings:
    settings = BignoiseSettings(dumps_dir=str(tmp_path / "d"), warehouse_dir=str(tmp_path / "w"))
    release = settings.serving_dir / CURRENT
    (release / PARQUET_DIR).mkdir(parents=True)
    parquet = release / PARQUET_DIR / "fct_comments.parquet"
    duckdb.sql(f"copy (select 'c1' as comment_key) to '{parquet}' (format parquet)")
    manifest = {
        "release_id": "R1",
        "validated_suites": {"fct_comments": digest},
        "files": {f"{PARQUET_DIR}/fct_comments.parquet": {"sha256": file_sha256(parquet)}},
    }
    (release / MANIFEST_NAME).write_text(json.dumps(manifest))
    return settings


def test_the_current_release_copy_is_used_when_it_passed_the_same_suite(tmp_path):
    settings = current_release(tmp_path, SUITES["fct_comments"].digest)
    relation, label = validated_in_current_release(settings, "fct_comments")
    assert label == "release R1"
    assert duckdb.sql(f"select comment_key from {relation}").fetchall() == [("c1",)]


def test_every_row_is_validated_after_a_rule_changed(tmp_path):
    settings = current_release(tmp_path, "digest of another suite")
    assert validated_in_current_release(settings, "fct_comments") is None


def test_every_row_is_validated_when_the_published_file_changed(tmp_path):
    settings = current_release(tmp_path, SUITES["fct_comments"].digest)
    parquet = settings.serving_dir / CURRENT / PARQUET_DIR / "fct_comments.parquet"
    duckdb.sql(f"copy (select 'c2' as comment_key) to '{parquet}' (format parquet)")
    assert validated_in_current_release(settings, "fct_comments") is None


def test_every_row_is_validated_when_asked(tmp_path):
    settings = current_release(tmp_path, SUITES["fct_comments"].digest)
    settings = settings.model_copy(update={"validate_rows": "all"})
    assert validated_in_current_release(settings, "fct_comments") is None


def test_every_row_is_validated_before_the_first_release(tmp_path):
    settings = BignoiseSettings(dumps_dir=str(tmp_path / "d"), warehouse_dir=str(tmp_path / "w"))
    assert validated_in_current_release(settings, "fct_comments") is None
