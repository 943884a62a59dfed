"""The look-alike letter table in the dbt macro is the one Unicode NFKC gives (and it does fold)."""

from __future__ import annotations

import importlib.util
import unicodedata
from pathlib import Path

import duckdb

SCRIPT = Path(__file__).parents[1] / "dbt_project" / "scripts" / "letter_folding.py"


def _script():
    spec = importlib.util.spec_from_file_location("letter_folding", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_macro_is_in_step_with_the_script():
    script = _script()
    assert script.MACRO_PATH.read_text(encoding="utf-8") == script.macro_text()


def test_every_pair_is_what_nfkc_says_and_translate_applies_it():
    pairs = _script().folding_pairs()
    # Fullwidth w, circled s, mathematical bold capital F, superscript two.
    fancy = {"\uff57": "w", "\u24e2": "s", "\U0001d405": "f", "\u00b2": "2"}
    assert fancy.items() <= dict(pairs).items()
    for character, plain in pairs:
        assert unicodedata.normalize("NFKC", character).lower() == plain
    text = "\uff57\uff57\uff57 \u24e2\u24e4\u24d1 \U0001d405\U0001d411\U0001d404\U0001d404"
    source = "".join(character for character, _ in pairs)
    target = "".join(plain for _, plain in pairs)
    with duckdb.connect() as connection:
        folded = connection.execute("select translate(?, ?, ?)", [text, source, target]).fetchall()
    assert folded == [("www sub free",)]
