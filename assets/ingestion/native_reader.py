"""Read platform-native dump files (native_shapes.py) into the batch table, in DuckDB SQL.

A `.json` file is one document, a `.jsonl` file one document per non-blank line. Each file's
documents are staged as they are read (`stage_documents`, with the file's name stem and scrape
time); then the documents of all files are unwrapped into their items and records
(native_shapes.py says where they are), every field taken from its JSON path, and the records
checked by the contract checks (validation.py) in one statement (`records_sql`): planning that
statement once per small API response file cost more than reading the file. JSON numbers are
read as their text, so a 64-bit id stays exact.

Records keep where a person finds them: `source_line` is the record's number in the file, in
document order, and `source_path` its place, e.g. `$.items[2].replies.comments[0]` (prefixed
with `line 7: ` in a `.jsonl` file). A document that is not valid JSON, not an object or array,
or an API error response is one quarantined record with that reason.
"""

from __future__ import annotations

import duckdb

from assets.ingestion.field_texts import text_column
from assets.ingestion.native_shapes import NativeEntity, NativeField
from assets.ingestion.reasons import code_sql
from assets.ingestion.scrape_times import ScrapeTime

# Missing and JSON null are the same to the checks: no value.
PRESENT_MACRO = (
    "create or replace temp macro bignoise_json_present(v) as"
    " case when json_type(v) = 'NULL' then null else v end"
)


def _literal(value: str | None) -> str:
    return "null" if value is None else "'" + value.replace("'", "''") + "'"


# The staged documents of every file read so far, with what the records take from the file.
STAGED_DOCUMENTS = "staged_native_documents"
STAGED_DOCUMENTS_COLUMNS = (
    "source_file varchar, file_stem varchar, file_scraped_at varchar, document_line bigint,"
    " is_line boolean, raw_text varchar"
)


def _json_value(path: str) -> str:
    """SQL for one alternative of a field's path, as a JSON value or null."""
    scope, _, inner = path.strip().partition(".")
    if scope == "file":
        column = {"stem": "file_stem", "scraped_at": "file_scraped_at"}[inner]
        return f"to_json({column})"
    column = {"item": "record_item", "outer": "outer_item", "document": "doc"}[scope]
    if "[*]" in inner:  # a list of values, e.g. the names of a list of hashtag objects
        values = f"json_extract({column}, {_literal('$.' + inner)})"
        return f"case when len({values}) > 0 then to_json({values}) end"
    return f"bignoise_json_present(json_extract({column}, {_literal('$.' + inner)}))"


def field_value(field: NativeField) -> str:
    if not field.path:
        return "null::json"
    alternatives = [_json_value(p) for p in field.path.split("|")]
    return alternatives[0] if len(alternatives) == 1 else f"coalesce({', '.join(alternatives)})"


def _field_columns(entity: NativeEntity) -> str:
    columns = []
    for field in entity.fields:
        value = field_value(field)
        columns.append(f"{value} as {field.name}__value")
    return ",\n            ".join(columns)


def _field_texts(entity: NativeEntity) -> str:
    """The field texts validation.py reads (see field_texts.py), from each field's JSON value."""
    columns = []
    for field in entity.fields:
        value = f"{field.name}__value"
        columns += [
            f"nullif(trim({value} ->> '$'), '') as {text_column(field)}",
            f"json_type({value}) as {field.name}__json",
        ]
        if field.type.value == "hashtags":
            columns.append(
                f"case when json_type({value}) = 'ARRAY'"
                f" then from_json({value}, '[\"VARCHAR\"]') end as {field.name}__tags"
            )
    return ",\n            ".join(columns)


def _as_list(scope: str, path: str, document_level: bool) -> tuple[str, str]:
    """(list of JSON values, path text of the list) at `path` in `scope`: an array's elements,
    an object as itself; for a document, an array document's elements and, when the document
    lacks the path, the document itself (an item per line)."""
    at = f"json_extract({scope}, {_literal(path)})"
    elements = f"json_extract({scope}, {_literal(path + '[*]')})"
    if path == "$":
        items = f"""case json_type({scope}) when 'ARRAY' then {elements}
                    when 'OBJECT' then [{scope}] else [] end"""
        base = f"case when json_type({scope}) = 'ARRAY' then '$[' else '$' end"
        return items, base
    array_document = (
        f"when json_type({scope}) = 'ARRAY' then json_extract({scope}, '$[*]')"
        if document_level
        else ""
    )
    own_item = f"when {at} is null and json_type({scope}) = 'OBJECT' then [{scope}]"
    items = f"""case {array_document}
                when json_type({at}) = 'ARRAY' then {elements}
                when json_type({at}) = 'OBJECT' then [{at}]
                {own_item if document_level else ""}
                else [] end"""
    array_base = f"when json_type({scope}) = 'ARRAY' then '$['" if document_level else ""
    base = f"""case {array_base}
               when json_type({at}) = 'ARRAY' then {_literal(path + "[")}
               when json_type({at}) = 'OBJECT' then {_literal(path)}
               else '$' end"""
    return items, base


def _indexed(base: str, index: str) -> str:
    """The path of element `index` (1-based) of a list whose path text is `base`."""
    return f"case when ends_with({base}, '[') then {base} || ({index} - 1) || ']' else {base} end"


def records_sql(entity: NativeEntity, documents_table: str = STAGED_DOCUMENTS) -> str:
    """The staged files' records with their field texts, as readers.py hands them to the
    checks."""
    items, items_base = _as_list("doc", entity.items, document_level=True)
    nested_parts = []
    for order, nested in enumerate(entity.nested or ("$",)):
        if nested == "$":
            nested_parts.append(
                f"""select documents_items.*, null::json as outer_item, item as record_item,
                       {order} as nested_order, 1 as nested_index, item_path as record_path
                from documents_items"""
            )
            continue
        inner, inner_base = _as_list("item", nested, document_level=False)
        nested_parts.append(
            f"""select *, item_path || substr({_indexed("inner_base", "nested_index")}, 2)
                   as record_path
            from (
                select documents_items.*, item as outer_item, unnest({inner}) as record_item,
                       {order} as nested_order, generate_subscripts({inner}, 1) as nested_index,
                       {inner_base} as inner_base
                from documents_items
            )"""
        )
    nested_union = "\nunion all by name\n".join(nested_parts)
    # A document that is an array of responses (several saved in one file) is read as each of
    # them; for shapes whose items are the document itself (Apify), the array is the item list.
    explode = "false" if entity.items == "$" else "json_type(doc) = 'ARRAY'"
    error = "json_extract(doc, '$.error')"
    error_code = "json_extract_string(doc, '$.error.code')"
    line_prefix = "case when is_line then 'line ' || document_line || ': ' else '' end"
    return f"""
with parsed as (
    select source_file, file_stem, file_scraped_at, document_line, is_line, raw_text,
           case when json_valid(raw_text) then raw_text::json end as doc
    from {documents_table}
),
documents as (
    select source_file, file_stem, file_scraped_at, document_line, is_line, raw_text, doc,
           0 as element_index, '$' as document_path
    from parsed where doc is null or not ({explode})
    union all
    select source_file, file_stem, file_scraped_at, document_line, is_line,
           element::varchar as raw_text, element as doc, element_index,
           '$[' || (element_index - 1) || ']' as document_path
    from (
        select *, unnest(json_extract(doc, '$[*]')) as element,
               generate_subscripts(json_extract(doc, '$[*]'), 1) as element_index
        from parsed where doc is not null and ({explode})
    )
),
problems as (
    select *,
        case when doc is null then 'not valid JSON'
             when json_type(doc) not in ('OBJECT', 'ARRAY') then 'not a JSON object or array'
             when json_type({error}) = 'OBJECT' and coalesce({error_code}, '') <> 'ok'
             then 'API error response: ' || coalesce(
                 json_extract_string(doc, '$.error.message'), {error_code}, 'no message')
        end as reader_error,
        case when doc is null then {code_sql("invalid_json")}
             when json_type(doc) not in ('OBJECT', 'ARRAY') then {code_sql("not_an_object")}
             when json_type({error}) = 'OBJECT' and coalesce({error_code}, '') <> 'ok'
             then {code_sql("api_error")}
        end as reader_error_code
    from documents
),
documents_items as (
    select source_file, file_stem, file_scraped_at, document_line, is_line, element_index,
           item_index, item,
           document_path || substr({_indexed("items_base", "item_index")}, 2) as item_path,
           doc
    from (
        select *, unnest(items) as item, generate_subscripts(items, 1) as item_index
        from (select *, {items} as items, {items_base} as items_base
              from problems where reader_error is null)
    )
),
found as (
{nested_union}
),
located as (
    select source_file, document_line, element_index, item_index,
           nested_order, nested_index, {line_prefix} || record_path as source_path,
           record_item::varchar as raw_text, null::varchar as reader_error,
           null::varchar as reader_error_code,
           {_field_columns(entity)}
    from found
    union all by name
    select source_file, document_line, element_index, 0 as item_index,
           0 as nested_order, 0 as nested_index, {line_prefix} || document_path as source_path,
           raw_text, reader_error, reader_error_code
    from problems where reader_error is not null
)
select source_file,
       row_number() over (
           partition by source_file
           order by document_line, element_index, item_index, nested_order, nested_index
       ) as source_line,
       null::bigint as source_row, source_path, raw_text, reader_error, reader_error_code,
       {_field_texts(entity)}
from located
"""


def stage_documents(
    connection: duckdb.DuckDBPyConnection,
    lines_table: str,
    path: str,
    file_format: str,
    stem: str,
    scraped_at: ScrapeTime,
) -> int:
    """Stage one file's documents into STAGED_DOCUMENTS (made by readers.create_batch_table)
    from its physical lines (`lines_table`, in file order, as
    readers.py reads them whole): a `.jsonl` file's non-blank lines, or a `.json` file's lines
    joined back into its one document. Returns how many documents were staged."""
    connection.execute(PRESENT_MACRO)
    file_columns = f"{_literal(path)}, {_literal(stem)}, {_literal(scraped_at.text)}"
    if file_format == "jsonl":
        documents = f"""
            select {file_columns}, rowid + 1, true, raw
            from {lines_table} where raw is not null and trim(raw) <> ''
        """
    else:
        documents = f"""
            select {file_columns}, 1, false, string_agg(coalesce(raw, ''), chr(10) order by rowid)
            from {lines_table} having count(raw) > 0
        """
    return connection.execute(f"insert into {STAGED_DOCUMENTS} {documents}").fetchall()[0][0]
