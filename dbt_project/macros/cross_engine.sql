{#-
    The only home of engine-specific SQL outside staging. Each macro dispatches on the adapter:
    default__ is the DuckDB form (tested); spark__ is the Spark SQL form (written for the port, not yet
    run here). Add an implementation here rather than writing engine-specific SQL in a model.
-#}

{#- Comment text as the comment rules read it (docs/metrics.md, "Comment text"): HTML entities
    decoded, invisible characters (soft hyphens, zero-width spaces, byte-order marks) removed,
    lower-case, look-alike letters folded (macros/letter_folding.sql), whitespace collapsed, and runs
    of one letter or mark cut to two ("subscribeeee" -> "subscribee", "!!!!" -> "!!"; "w" keeps three,
    for "www"). Letters of every script are kept as they are: nothing is transliterated. -#}
{% macro normalize_comment_text(text_column) -%}
    {{ tidy_comment_text(decode_comment_text(text_column)) }}
{%- endmacro %}

{#- The two steps of normalize_comment_text, for models that compute them one query level apart (one
    expression of both nests too deep for sqlfluff to parse). Step one, the same on every engine:
    look-alike letters folded, HTML entities decoded, lower-case. -#}
{% macro decode_comment_text(text_column) -%}
    lower({{ decode_html_entities(fold_fancy_letters(text_column)) }})
{%- endmacro %}

{#- Step two: invisible characters removed, whitespace collapsed, runs cut to two. -#}
{% macro tidy_comment_text(text_column) -%}
    {{ return(adapter.dispatch('tidy_comment_text', 'bignoise')(text_column)) }}
{%- endmacro %}

{#- The characters whose runs are cut to two, nine to a group: one regexp_replace per group, since a
    replacement can name only groups 1 to 9. (RE2 has no backreferences in patterns, so each
    character is spelled out: "(a)a{2,}|(b)b{2,}|..." replaced by "\1\1\2\2...": groups that did not
    take part are empty.) -#}
{% macro _repeat_groups() -%}
    {{ return(['abcdefghi', 'jklmnopqr', 'stuvxyz', '!?.*-=']) }}
{%- endmacro %}

{% macro default__tidy_comment_text(text_column) -%}
    {#- Jinja string literals decode backslash escapes: "\\s" below is the regex \s. A set inside a loop
        is lost after it unless it goes through a namespace. -#}
    {%- set ns = namespace(text=text_column) -%}
    {%- set ns.text = "regexp_replace(" ~ ns.text ~ ", '[\\x{00AD}\\x{200B}-\\x{200D}\\x{2060}\\x{FEFF}]', '', 'g')" -%}
    {%- set ns.text = "trim(regexp_replace(" ~ ns.text ~ ", '\\s+', ' ', 'g'))" -%}
    {%- for group in _repeat_groups() -%}
        {%- set alternatives = [] -%}
        {%- set replacement = [] -%}
        {%- for character in group -%}
            {%- set escaped = ('\\' ~ character) if character in '!?.*-=' else character -%}
            {%- do alternatives.append('(' ~ escaped ~ ')' ~ escaped ~ '{2,}') -%}
            {%- do replacement.append('\\' ~ loop.index ~ '\\' ~ loop.index) -%}
        {%- endfor -%}
        {%- set ns.text = "regexp_replace(" ~ ns.text ~ ", '" ~ alternatives | join('|') ~ "', '" ~ replacement | join('') ~ "', 'g')" -%}
    {%- endfor -%}
    regexp_replace({{ ns.text }}, 'w{4,}', 'www', 'g')
{%- endmacro %}

{% macro spark__tidy_comment_text(text_column) -%}
    {%- set ns = namespace(text=text_column) -%}
    {%- set ns.text = "regexp_replace(" ~ ns.text ~ ", '[\\\\x{00AD}\\\\x{200B}-\\\\x{200D}\\\\x{2060}\\\\x{FEFF}]', '')" -%}
    {%- set ns.text = "trim(regexp_replace(" ~ ns.text ~ ", '\\\\s+', ' '))" -%}
    {%- for group in _repeat_groups() -%}
        {%- set alternatives = [] -%}
        {%- set replacement = [] -%}
        {%- for character in group -%}
            {%- set escaped = ('\\\\' ~ character) if character in '!?.*-=' else character -%}
            {%- do alternatives.append('(' ~ escaped ~ ')' ~ escaped ~ '{2,}') -%}
            {%- do replacement.append('$' ~ loop.index ~ '$' ~ loop.index) -%}
        {%- endfor -%}
        {%- set ns.text = "regexp_replace(" ~ ns.text ~ ", '" ~ alternatives | join('|') ~ "', '" ~ replacement | join('') ~ "')" -%}
    {%- endfor -%}
    regexp_replace({{ ns.text }}, 'w{4,}', 'www')
{%- endmacro %}

{#- The letters and digits of a text alone, every other character dropped: "S u b s c r i b e"
    and "sub-scribe" both become "subscribe". -#}
{% macro letters_and_digits_only(text_column) -%}
    {{ return(adapter.dispatch('letters_and_digits_only', 'bignoise')(text_column)) }}
{%- endmacro %}

{% macro default__letters_and_digits_only(text_column) -%}
    regexp_replace({{ text_column }}, '[^\pL\pN]+', '', 'g')
{%- endmacro %}

{% macro spark__letters_and_digits_only(text_column) -%}
    regexp_replace({{ text_column }}, '[^\\p{L}\\p{N}]+', '')
{%- endmacro %}

{#- A text with its trailing punctuation, emoji and symbols removed ("nice!! 🔥" -> "nice"), as the
    phrases of seeds/low_effort_phrases.csv are written. -#}
{% macro strip_trailing_symbols(text_column) -%}
    {{ return(adapter.dispatch('strip_trailing_symbols', 'bignoise')(text_column)) }}
{%- endmacro %}

{% macro default__strip_trailing_symbols(text_column) -%}
    trim(regexp_replace({{ text_column }}, '[^\pL\pN]+$', ''))
{%- endmacro %}

{% macro spark__strip_trailing_symbols(text_column) -%}
    trim(regexp_replace({{ text_column }}, '[^\\p{L}\\p{N}]+$', ''))
{%- endmacro %}

{#- True when the text matches a regular expression (RE2 syntax), given as the pattern's text. The
    pattern is written into the SQL as a literal, escaped for the engine. -#}
{% macro regex_matches(text_column, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'bignoise')(text_column, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(text_column, pattern) -%}
    regexp_matches({{ text_column }}, '{{ pattern | replace("'", "''") }}')
{%- endmacro %}

{% macro spark__regex_matches(text_column, pattern) -%}
    ({{ text_column }} rlike '{{ pattern | replace("\\", "\\\\") | replace("'", "\\'") }}')
{%- endmacro %}

{#- True when the text has at least one letter or digit (any script). -#}
{% macro has_letter_or_digit(text_column) -%}
    {{ return(adapter.dispatch('has_letter_or_digit', 'bignoise')(text_column)) }}
{%- endmacro %}

{% macro default__has_letter_or_digit(text_column) -%}
    regexp_matches({{ text_column }}, '[\pL\pN]')
{%- endmacro %}

{% macro spark__has_letter_or_digit(text_column) -%}
    ({{ text_column }} rlike '[\\p{L}\\p{N}]')
{%- endmacro %}

{#- One row per element of a list column: `from <relation> as <alias>` followed by this macro's
    output gives the element column `element_name`. -#}
{% macro unnest_list(list_column, element_name) -%}
    {{ return(adapter.dispatch('unnest_list', 'bignoise')(list_column, element_name)) }}
{%- endmacro %}

{% macro default__unnest_list(list_column, element_name) -%}
    cross join unnest({{ list_column }}) as unnested_list({{ element_name }})
{%- endmacro %}

{% macro spark__unnest_list(list_column, element_name) -%}
    lateral view explode({{ list_column }}) unnested_list as {{ element_name }}
{%- endmacro %}

{#- A 64-bit floating-point type, for ratios. dbt.type_float() is 32-bit on DuckDB (FLOAT = REAL),
    which turned scores like 99.7 into 99.699997. -#}
{% macro double_type() -%}
    {{ return(adapter.dispatch('double_type', 'bignoise')()) }}
{%- endmacro %}

{% macro default__double_type() -%}
    double
{%- endmacro %}

{% macro postgres__double_type() -%}
    double precision
{%- endmacro %}

{#- True when the text matches the regular expression held in another column (row by row; for small
    tables such as a seed, since the pattern is compiled per row). -#}
{% macro regex_matches_column(text_column, pattern_column) -%}
    {{ return(adapter.dispatch('regex_matches_column', 'bignoise')(text_column, pattern_column)) }}
{%- endmacro %}

{% macro default__regex_matches_column(text_column, pattern_column) -%}
    regexp_matches({{ text_column }}, {{ pattern_column }})
{%- endmacro %}

{% macro spark__regex_matches_column(text_column, pattern_column) -%}
    ({{ text_column }} rlike {{ pattern_column }})
{%- endmacro %}

{#- One row per piece of a delimited string: `from <relation>` followed by this macro's output gives
    the column `<alias>.<element_name>`. -#}
{% macro split_to_rows(text_column, delimiter, alias, element_name) -%}
    {{ return(adapter.dispatch('split_to_rows', 'bignoise')(text_column, delimiter, alias, element_name)) }}
{%- endmacro %}

{% macro default__split_to_rows(text_column, delimiter, alias, element_name) -%}
    cross join unnest(string_split({{ text_column }}, '{{ delimiter }}')) as {{ alias }}({{ element_name }})
{%- endmacro %}

{% macro spark__split_to_rows(text_column, delimiter, alias, element_name) -%}
    lateral view explode(split({{ text_column }}, '{{ delimiter }}')) {{ alias }} as {{ element_name }}
{%- endmacro %}

{#- An expression that fails the query with a message when evaluated. -#}
{% macro raise_sql_error(message) -%}
    {{ return(adapter.dispatch('raise_sql_error', 'bignoise')(message)) }}
{%- endmacro %}

{% macro default__raise_sql_error(message) -%}
    error('{{ message | replace("'", "''") }}')
{%- endmacro %}

{% macro spark__raise_sql_error(message) -%}
    raise_error('{{ message | replace("'", "\\'") }}')
{%- endmacro %}

{#- One row per word of a text, with its position (1, 2, ...): `from <relation>` followed by this
    macro's output gives `<alias>.word` and `<alias>.word_position`. Words are runs of letters and
    digits in any script (so "sponsorisé" and "pan-casero" split as a reader would); the text is
    lower-cased first. Empty pieces (leading or trailing separators) come out as '' and are the
    caller's to drop. -#}
{% macro split_words_with_position(text_column, alias) -%}
    {{ return(adapter.dispatch('split_words_with_position', 'bignoise')(text_column, alias)) }}
{%- endmacro %}

{% macro default__split_words_with_position(text_column, alias) -%}
    cross join unnest(regexp_split_to_array(lower({{ text_column }}), '[^\pL\pN]+'))
        with ordinality as {{ alias }}(word, word_position)
{%- endmacro %}

{% macro spark__split_words_with_position(text_column, alias) -%}
    lateral view posexplode(split(lower({{ text_column }}), '[^\\p{L}\\p{N}]+')) {{ alias }} as word_position, word
{%- endmacro %}

{#- A text's words (runs of letters and digits in any script), lower-case, joined by single spaces:
    how a taxonomy keyword is compared with the words of a caption. -#}
{% macro words_joined_by_spaces(text_column) -%}
    {{ return(adapter.dispatch('words_joined_by_spaces', 'bignoise')(text_column)) }}
{%- endmacro %}

{% macro default__words_joined_by_spaces(text_column) -%}
    trim(regexp_replace(lower({{ text_column }}), '[^\pL\pN]+', ' ', 'g'))
{%- endmacro %}

{% macro spark__words_joined_by_spaces(text_column) -%}
    trim(regexp_replace(lower({{ text_column }}), '[^\\p{L}\\p{N}]+', ' '))
{%- endmacro %}

{#- SHA-256 of a text, as 64 lower-case hex characters. -#}
{% macro sha256_hex(text_expression) -%}
    {{ return(adapter.dispatch('sha256_hex', 'bignoise')(text_expression)) }}
{%- endmacro %}

{% macro default__sha256_hex(text_expression) -%}
    sha256({{ text_expression }})
{%- endmacro %}

{% macro spark__sha256_hex(text_expression) -%}
    sha2({{ text_expression }}, 256)
{%- endmacro %}

{#- A hash of a text as a bigint (63 bits on DuckDB, whose hash() is unsigned; 64 on Spark): what a
    row was computed from, compared on the next build (a changed text with the same hash, one chance
    in 2^63, would keep its old row). -#}
{% macro text_hash(text_expression) -%}
    {{ return(adapter.dispatch('text_hash', 'bignoise')(text_expression)) }}
{%- endmacro %}

{% macro default__text_hash(text_expression) -%}
    cast(hash({{ text_expression }}) >> 1 as bigint)
{%- endmacro %}

{% macro spark__text_hash(text_expression) -%}
    xxhash64({{ text_expression }})
{%- endmacro %}

{#- After `with name as` (or `, name as`): a CTE read several times is computed where each read is,
    not stored once. DuckDB materializes such a CTE, and a wide one holds memory its memory_limit cannot
    spill (int_creator_comment_signals ran out of 2 GB at 22.5M comments). Spark SQL inlines CTEs. -#}
{% macro inline_cte() -%}
    {{ return(adapter.dispatch('inline_cte', 'bignoise')()) }}
{%- endmacro %}

{% macro default__inline_cte() -%}
    not materialized
{%- endmacro %}

{% macro spark__inline_cte() -%}
{%- endmacro %}

{#- An aggregate: a 64-bit fingerprint of a set of texts, whatever their order (the bitwise xor of
    their hashes). Two sets of distinct texts differing in any element differ in it, but for a
    chance of about 2^-64. -#}
{% macro set_fingerprint(text_expression) -%}
    {{ return(adapter.dispatch('set_fingerprint', 'bignoise')(text_expression)) }}
{%- endmacro %}

{% macro default__set_fingerprint(text_expression) -%}
    bit_xor(hash({{ text_expression }}))
{%- endmacro %}

{% macro spark__set_fingerprint(text_expression) -%}
    bit_xor(xxhash64({{ text_expression }}))
{%- endmacro %}
