"""SQL expressions writing a comment's text from its kind, over the columns of comments.py.

Each function returns an expression over alias `a` (one row per comment slot), drawing every
choice from the comment's key, so a seed always gives the same text.
"""

from __future__ import annotations

from synthetic.vocabulary_inauthentic import ASCII_LETTERS, CIRCLED_LETTERS, FULLWIDTH_LETTERS

_KEY = "a.comment_key"


def _pick(words: str, salt: str, key: str = _KEY) -> str:
    return f"rand_pick(words_{words}(), {key}, '{salt}')"


def _fill_niche(template: str) -> str:
    """{object}, {item} and {niche} filled from the post's niche."""
    return f"""replace(replace(replace({template},
        '{{object}}', rand_pick(a.objects, {_KEY}, 'object')),
        '{{item}}', rand_pick(a.items, {_KEY}, 'item')),
        '{{niche}}', words_niche_names()[a.post_niche_index + 1])"""


def fan_text() -> str:
    """Fan comments composed from templates: praise, questions, mentions of a friend."""
    u = f"rand_uniform({_KEY}, 'template')"
    obj = f"rand_pick(a.objects, {_KEY}, 'object')"
    emoji = _pick("emojis", "emoji")
    return f"""case
        when {u} < 0.25 then 'this ' || {obj} || ' looks ' || {_pick("adjectives", "adjective")}
            || ', ' || {_pick("endings", "ending")}
        when {u} < 0.40 then replace({_pick("questions", "question")}, '{{item}}',
                                     rand_pick(a.items, {_KEY}, 'item'))
        when {u} < 0.55 then '@' || fan_handle(a.fan_key + 1) || ' '
            || {_pick("mention_tails", "mention")}
        when {u} < 0.75 then {_pick("openers", "opener")} || ' '
            || {_fill_niche(_pick("praises", "praise"))} || {emoji}
        when {u} < 0.90 then 'that ' || {obj} || ' is ' || {_pick("adjectives", "adjective")}
            || {emoji}
        else {_pick("endings", "ending")} || {emoji}
    end"""


def short_praise_text() -> str:
    return _pick("short_praise", "short_praise")


def foreign_text() -> str:
    """One or two everyday phrases of the fan's language, and maybe an emoji."""
    phrases = "words_foreign_texts()[a.language]"
    return f"""rand_pick({phrases}, {_KEY}, 'foreign_text')
        || case when rand_uniform({_KEY}, 'foreign_second') < 0.3
                then ' ' || rand_pick({phrases}, {_KEY}, 'foreign_text_2') else '' end
        || {_pick("emojis", "foreign_emoji")}"""


def bot_generic_text() -> str:
    """Each bot has a favourite one-liner it reuses on most posts."""
    texts = "words_bot_generic_texts()"
    return f"""{texts}[1 + ((
        rand_int(a.bot_key, 'favourite_text', 0, len({texts}) - 1)
        + case when rand_uniform({_KEY}, 'bot_text') < 0.75 then 0
               else rand_int({_KEY}, 'bot_text_shift', 1, 3) end
    ) % len({texts}))::integer]"""


def bot_copy_paste_text() -> str:
    """A farm's handful of texts, posted verbatim by all its copy-paste bots (farms overlap)."""
    texts = "words_bot_copy_paste_texts()"
    text = f"""{texts}[1 + ((a.farm_key * 5 + rand_int({_KEY}, 'copy_text', 0, 5))
                            % len({texts}))::integer]"""
    return f"case when rand_uniform({_KEY}, 'copy_case') < 0.1 then lower({text}) else {text} end"


def bot_plausible_text() -> str:
    return _fill_niche(_pick("bot_plausible_texts", "plausible_text"))


def pod_text() -> str:
    return _fill_niche(_pick("pod_texts", "pod_text"))


def spam_text(kind_column: str = "a.kind") -> str:
    """Self-promotion, links and scams, by the spammer's campaign."""
    link = f"""replace(replace({_pick("link_spellings", "link_spelling")},
        '{{site}}', {_pick("spam_sites", "site")}),
        '{{code}}', substr(md5({_KEY}::varchar), 1, rand_int({_KEY}, 'code_length', 5, 7)))"""
    template = f"""case {kind_column}
        when 'spam_self_promo' then {_pick("spam_self_promo_texts", "spam_text")}
        when 'spam_link' then {_pick("spam_link_texts", "spam_text")}
        else {_pick("spam_scam_texts", "spam_text")} end"""
    return f"""replace(replace(replace(replace({_fill_niche(template)},
        '{{link}}', {link}),
        '{{handle}}', {_pick("promoted_handles", "promoted")}),
        '{{money}}', {_pick("money", "money")}),
        '{{digits}}', lpad(rand_int({_KEY}, 'digits', 0, 999)::varchar, 3, '0'))"""


def in_lookalike_letters(text: str, key: str) -> str:
    """A few spam texts respelled in fullwidth or circled letters, to slip past word filters."""
    u = f"rand_uniform({key}, 'lookalike')"
    return f"""case
        when {u} < 0.04 then translate({text}, '{ASCII_LETTERS}', '{FULLWIDTH_LETTERS}')
        when {u} < 0.07 then translate({text}, '{ASCII_LETTERS}', '{CIRCLED_LETTERS}')
        else {text} end"""
