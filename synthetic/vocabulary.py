"""Word lists the texts, handles and hashtags are composed from.

Kept as plain Python data so a reader sees the vocabulary at a glance; `register_vocabulary`
turns each list into a DuckDB macro returning a list literal, and the niche lists into a table.
What bots, spammers and pods write is in vocabulary_inauthentic.py; fans' comments in other
languages in vocabulary_languages.py.
"""

from __future__ import annotations

import duckdb

from synthetic.vocabulary_inauthentic import LISTS as INAUTHENTIC_LISTS
from synthetic.vocabulary_languages import FOREIGN_FAN_TEXTS

# niche -> (hashtags, things a fan comments on, things a fan asks about, profile category, bio)
NICHES: dict[str, dict[str, list[str] | str]] = {
    "fitness": {
        "hashtags": ["fitness", "gym", "workout", "fitfam", "gains", "legday", "fitnessmotivation"],
        "objects": ["workout", "routine", "split", "progress", "form", "circuit"],
        "items": ["leggings", "shoes", "protein", "program", "belt"],
        "category": "Fitness Trainer",
        "bio": ["coach 💪", "helping you get strong", "daily workouts", "certified PT"],
    },
    "beauty": {
        "hashtags": ["beauty", "makeup", "skincare", "mua", "glowup", "makeuptutorial"],
        "objects": ["look", "glow", "routine", "eyeliner", "palette", "skin"],
        "items": ["foundation", "serum", "lipstick", "brush", "highlighter"],
        "category": "Beauty, Cosmetic & Personal Care",
        "bio": ["makeup artist ✨", "skincare nerd", "clean beauty", "MUA for hire"],
    },
    "food": {
        "hashtags": ["foodie", "recipe", "cooking", "homecooking", "foodstagram", "yummy"],
        "objects": ["recipe", "dish", "pasta", "cake", "bowl", "bread"],
        "items": ["pan", "knife", "oven", "spice mix", "flour"],
        "category": "Food & Beverage",
        "bio": ["home cook 🍝", "easy recipes", "baking every weekend", "food lover"],
    },
    "travel": {
        "hashtags": ["travel", "wanderlust", "travelgram", "explore", "vacation", "roadtrip"],
        "objects": ["view", "place", "trip", "beach", "hotel", "sunset"],
        "items": ["camera", "backpack", "drone", "lens", "hotel"],
        "category": "Travel Company",
        "bio": ["exploring the world 🌍", "40 countries so far", "slow travel", "digital nomad"],
    },
    "gaming": {
        "hashtags": ["gaming", "gamer", "twitch", "esports", "videogames", "pcgaming"],
        "objects": ["play", "clutch", "build", "stream", "setup", "run"],
        "items": ["keyboard", "headset", "mouse", "monitor", "chair"],
        "category": "Gamer",
        "bio": ["streamer 🎮", "live every night", "speedrunner", "FPS addict"],
    },
    "tech": {
        "hashtags": ["tech", "gadgets", "technology", "coding", "setup", "apple"],
        "objects": ["review", "setup", "desk", "build", "unboxing", "comparison"],
        "items": ["laptop", "phone", "charger", "monitor", "case"],
        "category": "Science, Technology & Engineering",
        "bio": ["tech reviews 💻", "gadgets & code", "honest reviews", "software engineer"],
    },
    "fashion": {
        "hashtags": ["fashion", "ootd", "style", "outfit", "streetstyle", "fashionblogger"],
        "objects": ["outfit", "fit", "look", "jacket", "dress", "combo"],
        "items": ["jacket", "bag", "boots", "dress", "sunglasses"],
        "category": "Clothing (Brand)",
        "bio": ["style diaries 👗", "thrift lover", "daily outfits", "sustainable fashion"],
    },
    "parenting": {
        "hashtags": ["parenting", "momlife", "dadlife", "family", "toddler", "motherhood"],
        "objects": ["idea", "hack", "routine", "moment", "tip", "story"],
        "items": ["stroller", "carrier", "book", "toy", "bottle"],
        "category": "Personal Blog",
        "bio": ["mom of 3 👶", "real family life", "parenting tips", "dad jokes inside"],
    },
    "finance": {
        "hashtags": ["finance", "investing", "money", "personalfinance", "stocks", "budgeting"],
        "objects": ["breakdown", "tip", "strategy", "explanation", "chart", "advice"],
        "items": ["broker", "app", "budget sheet", "book", "index fund"],
        "category": "Financial Service",
        "bio": ["money made simple 💸", "investing 101", "debt free journey", "CFA"],
    },
    "music": {
        "hashtags": ["music", "singer", "cover", "musician", "guitar", "newmusic"],
        "objects": ["cover", "voice", "song", "riff", "beat", "melody"],
        "items": ["guitar", "mic", "pedal", "keyboard", "interface"],
        "category": "Musician/Band",
        "bio": ["singer-songwriter 🎶", "covers every friday", "guitar & vocals", "new EP out"],
    },
    "pets": {
        "hashtags": ["pets", "dogsofinstagram", "catsofinstagram", "puppy", "doglover", "cute"],
        "objects": ["pup", "kitty", "face", "trick", "zoomies", "nap"],
        "items": ["harness", "toy", "bed", "food", "leash"],
        "category": "Pet Service",
        "bio": ["2 dogs 1 cat 🐶", "rescue mom", "pet tips", "the goodest boy"],
    },
    "home": {
        "hashtags": ["home", "interiordesign", "homedecor", "diy", "cozyhome", "plants"],
        "objects": ["room", "makeover", "corner", "shelf", "kitchen", "decor"],
        "items": ["lamp", "rug", "paint", "sofa", "shelf"],
        "category": "Home Decor",
        "bio": ["DIY & decor 🏡", "renovating a 1920s house", "plant parent", "cozy spaces"],
    },
}

# Word lists read best packed, a line of words at a time.
# fmt: off
GENERIC_HASHTAGS = ["fyp", "viral", "instagood", "explore", "trending", "foryou", "reels", "love"]

# What genuine fans write when they write little: the same words bots use, from real people.
SHORT_PRAISE = [
    "love this", "so good", "🔥🔥", "😍😍", "yesss", "obsessed", "wow", "❤️", "the best", "omg",
    "so cute", "need this", "stunning", "amazing", "🙌🙌", "😂😂😂", "love it!!", "beautiful",
    "queen", "slay", "🥹", "legend", "so pretty", "yum 😋", "this!!", "love", "❤️❤️❤️", "nice",
]
ADJECTIVES = ["amazing", "so good", "incredible", "unreal", "super clean", "perfect", "stunning"]
ENDINGS = [
    "saving it for sunday", "need to try this", "sending this to my sister", "made my day",
    "you always deliver", "adding it to my list", "trying this tomorrow", "can't stop watching",
]
QUESTIONS = [
    "where did you get the {item}?", "what brand is the {item}?", "how much was the {item}?",
    "is the {item} worth it?", "does the {item} come in other colours?", "which {item} is that?",
    "how long did this take?", "can you do a full video on this?",
]
MENTION_TAILS = [
    "we need to try this", "look at this", "this is so you", "remember this?", "saturday??",
]
OPENERS = ["honestly", "ok but", "wow", "not gonna lie", "literally", "omg"]
PRAISES = [
    "the best {niche} content on here", "this {object} is goals", "your {object} never disappoints",
    "i learn something every time", "been following since your first post",
]
EMOJIS = ["", "", " 😍", " 🙌", " ❤️", " 🔥", " 😂", " 👏"]
CREATOR_REPLIES = [
    "thank you so much!! ❤️", "glad you like it!", "yes! link in bio", "haha thank you 🙏",
    "means a lot 🥹", "more coming soon!", "good question, will do a video on it", "thanks!!",
]
CAPTION_OPENERS = [
    "new {object} just dropped", "my favourite {object} this week", "trying something different",
    "you asked, here it is", "a little {object} for your feed", "quick {object} update",
    "this took me forever", "weekend mood",
]
HANDLE_WORDS = [
    "sunny", "urban", "little", "daily", "wild", "simply", "the", "real", "just", "hey", "its",
    "cozy", "happy", "lazy", "bold",
]
FAN_NAMES = [
    "anna", "ben", "carla", "dan", "emma", "felix", "gina", "hugo", "ines", "jack", "kate", "leo",
    "mia", "nico", "olga", "paul", "rosa", "sam", "tina", "yuki", "zoe", "omar", "lina",
]
FAN_SUFFIXES = ["", "_", ".", "x", "_official", ".the", "_", "."]
BOT_HANDLE_PREFIXES = ["user", "promo", "growth", "follow", "shop", "best", "insta", "top"]
BIO_TAILS = ["collabs: dm", "📍 on the road", "new post every week", "link below 👇", "be kind"]
# Country, profile language, and the language local fans comment in ("" = English).
COUNTRY_LANGUAGE = [
    ("US", "en", ""), ("US", "en", ""), ("US", "en", ""), ("GB", "en", ""), ("GB", "en", ""),
    ("CA", "en", ""), ("AU", "en", ""), ("DE", "de", "de"), ("FR", "fr", "fr"),
    ("ES", "es", "es"), ("BR", "pt", "pt"), ("IT", "it", "it"), ("IN", "en", "hi"),
    ("MX", "es", "es"), ("NL", "nl", "nl"), ("JP", "ja", "ja"), ("AE", "ar", "ar"),
]
# fmt: on

_LISTS = {
    **INAUTHENTIC_LISTS,
    "generic_hashtags": GENERIC_HASHTAGS,
    "short_praise": SHORT_PRAISE,
    "adjectives": ADJECTIVES,
    "endings": ENDINGS,
    "questions": QUESTIONS,
    "mention_tails": MENTION_TAILS,
    "openers": OPENERS,
    "praises": PRAISES,
    "emojis": EMOJIS,
    "creator_replies": CREATOR_REPLIES,
    "caption_openers": CAPTION_OPENERS,
    "handle_words": HANDLE_WORDS,
    "fan_names": FAN_NAMES,
    "fan_suffixes": FAN_SUFFIXES,
    "bot_handle_prefixes": BOT_HANDLE_PREFIXES,
    "bio_tails": BIO_TAILS,
    "countries": [country for country, _, _ in COUNTRY_LANGUAGE],
    "languages": [language for _, language, _ in COUNTRY_LANGUAGE],
    "fan_languages": [fan_language for _, _, fan_language in COUNTRY_LANGUAGE],
    "foreign_languages": list(FOREIGN_FAN_TEXTS),
    "niche_names": list(NICHES),
}


def sql_literal_list(values: list[str]) -> str:
    quoted = ("'" + value.replace("'", "''") + "'" for value in values)
    return "[" + ", ".join(quoted) + "]::varchar[]"


def register_vocabulary(connection: duckdb.DuckDBPyConnection) -> None:
    """Macros `words_<name>()` for the lists, and table `niches` (one row per niche)."""
    for name, values in _LISTS.items():
        connection.execute(f"create or replace macro words_{name}() as {sql_literal_list(values)}")
    # One list per language, in the order of words_foreign_languages().
    nested = ", ".join(sql_literal_list(texts) for texts in FOREIGN_FAN_TEXTS.values())
    connection.execute(f"create or replace macro words_foreign_texts() as [{nested}]")
    rows = [
        (
            index,
            niche,
            words["hashtags"],
            words["objects"],
            words["items"],
            words["category"],
            words["bio"],
        )
        for index, (niche, words) in enumerate(NICHES.items())
    ]
    connection.execute(
        """
        create or replace table niches (
            niche_index integer, niche varchar, hashtags varchar[], objects varchar[],
            items varchar[], category varchar, bio_phrases varchar[]
        )
        """
    )
    connection.executemany("insert into niches values (?, ?, ?, ?, ?, ?, ?)", rows)
