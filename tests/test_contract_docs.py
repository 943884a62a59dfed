"""docs/input-contract.md lists exactly the fields of assets/ingestion/contract.py."""

import re
from pathlib import Path

from assets.ingestion.contract import ENTITIES

DOC = Path(__file__).resolve().parents[1] / "docs" / "input-contract.md"


def documented_fields() -> dict[str, list[tuple[str, str, bool]]]:
    sections = re.split(r"^### ", DOC.read_text(), flags=re.M)[1:]
    fields = {}
    for section in sections:
        name = section.split("\n", 1)[0].strip()
        rows = re.findall(r"^\| `(\w+)` \| (\w+) \| (yes)? ?\|$", section, flags=re.M)
        fields[name] = [(field, kind, required == "yes") for field, kind, required in rows]
    return fields


def test_the_documented_contract_matches_the_code():
    expected = {
        entity.name: [(f.name, f.type.value, f.required) for f in entity.fields]
        for entity in ENTITIES.values()
    }
    assert documented_fields() == expected
