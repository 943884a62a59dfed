-- The user's niche taxonomy rows (empty without a file). Only renames.
select
    niche,
    match_on,
    term,
    language,
    _source_file as source_file,
    _source_row as source_row
from {{ source('raw', 'user_niche_taxonomy') }}
