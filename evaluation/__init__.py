"""Measuring bignoise against labelled data: the generator's truth and hand-labelled comments."""

import re
from pathlib import Path


class EvaluationInputError(ValueError):
    """A labels file, truth folder or release that is missing or malformed (the CLI exits 2)."""


def exact_path(path: Path | str) -> str:
    """path for DuckDB's file readers, which read every name as a glob: `[`, `*` and `?` are
    put in brackets so that they match themselves (a file `a[1].csv` was read as `a1.csv`)."""
    return re.sub(r"([\[*?])", r"[\1]", str(path))


def sql_literal(text: Path | str) -> str:
    """text as a SQL string literal (for statements that take no parameters, such as COPY)."""
    return "'" + str(text).replace("'", "''") + "'"
