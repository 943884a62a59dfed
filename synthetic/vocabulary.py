"""Word lists the texts, handles and hashtags are composed from.

Kept as plain Python data so a reader sees the vocabulary at a glance; `register_vocabulary`
turns each list into a DuckDB macro returning a list literal, and the niche lists into a table.
What bots, spammers and pods write is in vocabulary_inauthentic.py; fans' comments in other
languages in vocabulary_languages.py; captions, niche words and sponsorship disclosures in
other languages in vocabulary_niches.py.
"""

from __future__ import annotations

import duckdb

from synthetic.vocabulary_inauthentic import LISTS as INAUTHENTIC_LISTS
from synthetic.vocabulary_languages import FOREIGN_FAN_TEXTS
from synthetic.vocabulary_niches import (
    BRAND_MENTIONS,
    CAPTION_LANGUAGES,
    CAPTION_TEMPLATES,
    DISCLOSURE_CAPTIONS,
    DISCLOSURE_HASHTAGS,
    LOCAL_NICHE_TEXTS,
    NOT_SPONSORED_NOTES,
    PLAIN_CAPTIONS,
)

# niche -> hashtags, things a fan comments on (objects) and asks about (items), profile
# categories, what a caption says about it (phrases), brands that sponsor it, bio phrases. The
# same words in other languages are in vocabulary_niches.py. No hashtag belongs to two niches,
# nor to GENERIC_HASHTAGS, so the truth's niche_visible_in is unambiguous.
NICHES: dict[str, dict[str, list[str]]] = {
    "fitness": {
        "hashtags": ["fitness", "gym", "workout", "fitfam", "gains", "legday", "fitnessmotivation"],
        "objects": ["workout", "routine", "split", "progress", "form", "circuit"],
        "items": ["leggings", "shoes", "protein", "program", "belt"],
        "category": ["Fitness Trainer", "Athlete", "Gym/Physical Fitness Center"],
        "phrases": [
            "today's leg day",
            "a full body workout you can do at home",
            "my push pull legs split",
            "a new deadlift PR",
            "a 20 minute HIIT circuit",
        ],
        "brands": ["@ironfuel", "@flexwear", "@purepeak.nutrition"],
        "bio": ["coach 💪", "helping you get strong", "daily workouts", "certified PT"],
    },
    "beauty": {
        "hashtags": ["beauty", "makeup", "skincare", "mua", "glowup", "makeuptutorial"],
        "objects": ["look", "glow", "routine", "eyeliner", "palette", "skin"],
        "items": ["foundation", "serum", "lipstick", "brush", "highlighter"],
        "category": ["Beauty, Cosmetic & Personal Care", "Makeup Artist"],
        "phrases": [
            "my everyday makeup look",
            "a glowy skincare routine",
            "the perfect winged eyeliner",
            "a new lipstick shade",
            "my go-to foundation",
        ],
        "brands": ["@glowlab", "@velvetskin", "@lumacosmetics"],
        "bio": ["makeup artist ✨", "skincare nerd", "clean beauty", "MUA for hire"],
    },
    "food": {
        "hashtags": ["foodie", "recipe", "cooking", "homecooking", "foodstagram", "yummy"],
        "objects": ["recipe", "dish", "pasta", "cake", "bowl", "bread"],
        "items": ["pan", "knife", "oven", "spice mix", "flour"],
        "category": ["Food & Beverage", "Chef", "Kitchen/Cooking"],
        "phrases": [
            "an easy weeknight pasta",
            "my grandma's banana bread recipe",
            "a 15 minute dinner",
            "homemade pizza dough",
            "the best chocolate cake recipe",
        ],
        "brands": ["@panandpeel", "@spicecraft", "@freshbox.meals"],
        "bio": ["home cook 🍝", "easy recipes", "baking every weekend", "food lover"],
    },
    "travel": {
        "hashtags": [
            "travel",
            "wanderlust",
            "travelgram",
            "travelphotography",
            "vacation",
            "roadtrip",
            "adventure",
        ],
        "objects": ["view", "place", "trip", "beach", "hotel", "sunset"],
        "items": ["camera", "backpack", "drone", "lens", "hotel"],
        "category": ["Travel Company", "Tour Guide"],
        "phrases": [
            "a week in Lisbon",
            "the view from our hotel",
            "my carry-on packing list",
            "hidden beaches in Greece",
            "48 hours in Tokyo",
        ],
        "brands": ["@wanderstay", "@packlite", "@skyhop.air"],
        "bio": ["exploring the world 🌍", "40 countries so far", "slow travel", "digital nomad"],
    },
    "gaming": {
        "hashtags": ["gaming", "gamer", "twitch", "esports", "videogames", "pcgaming"],
        "objects": ["play", "clutch", "build", "stream", "setup", "run"],
        "items": ["keyboard", "headset", "mouse", "monitor", "chair"],
        "category": ["Gamer", "Gaming Video Creator"],
        "phrases": [
            "a clutch 1v4 in ranked",
            "my new streaming setup",
            "the final boss on hard mode",
            "tonight's speedrun attempt",
            "my controller settings",
        ],
        "brands": ["@clickforge", "@nitrochairs", "@pixelpad"],
        "bio": ["streamer 🎮", "live every night", "speedrunner", "FPS addict"],
    },
    "tech": {
        "hashtags": ["tech", "gadgets", "technology", "coding", "setup", "apple"],
        "objects": ["review", "setup", "desk", "build", "unboxing", "comparison"],
        "items": ["laptop", "phone", "charger", "monitor", "case"],
        "category": ["Science, Technology & Engineering", "Computers & Internet Website"],
        "phrases": [
            "an honest review of the new phone",
            "my desk setup",
            "unboxing the new laptop",
            "5 apps I use every day",
            "the best budget headphones",
        ],
        "brands": ["@voltgear", "@nimbusphone", "@cablecraft"],
        "bio": ["tech reviews 💻", "gadgets & code", "honest reviews", "software engineer"],
    },
    "fashion": {
        "hashtags": ["fashion", "ootd", "style", "outfit", "streetstyle", "fashionblogger"],
        "objects": ["outfit", "fit", "look", "jacket", "dress", "combo"],
        "items": ["jacket", "bag", "boots", "dress", "sunglasses"],
        "category": ["Clothing (Brand)", "Fashion Designer", "Fashion Model"],
        "phrases": [
            "today's outfit",
            "three ways to style a denim jacket",
            "my autumn capsule wardrobe",
            "a new dress for the weekend",
            "my favourite boots this season",
        ],
        "brands": ["@threadline", "@northloom", "@velourstudio"],
        "bio": ["style diaries 👗", "thrift lover", "daily outfits", "sustainable fashion"],
    },
    "parenting": {
        "hashtags": ["parenting", "momlife", "dadlife", "family", "toddler", "motherhood"],
        "objects": ["idea", "hack", "routine", "moment", "tip", "story"],
        "items": ["stroller", "carrier", "book", "toy", "bottle"],
        "category": ["Personal Blog"],
        "phrases": [
            "our bedtime routine with a toddler",
            "a rainy day activity for kids",
            "what I pack in the diaper bag",
            "the first day of school",
            "an honest chat about mom guilt",
        ],
        "brands": ["@tinysteps", "@cuddlecarry", "@nappynest"],
        "bio": ["mom of 3 👶", "real family life", "parenting tips", "dad jokes inside"],
    },
    "finance": {
        "hashtags": ["finance", "investing", "money", "personalfinance", "stocks", "budgeting"],
        "objects": ["breakdown", "tip", "strategy", "explanation", "chart", "advice"],
        "items": ["broker", "app", "budget sheet", "book", "index fund"],
        "category": ["Financial Service", "Financial Planner"],
        "phrases": [
            "how I budget my salary",
            "index funds explained",
            "my debt-free journey update",
            "3 money mistakes to avoid",
            "how compound interest works",
        ],
        "brands": ["@coinleaf", "@stackwise.app", "@fundly"],
        "bio": ["money made simple 💸", "investing 101", "debt free journey", "CFA"],
    },
    "music": {
        "hashtags": ["music", "singer", "cover", "musician", "guitar", "newmusic"],
        "objects": ["cover", "voice", "song", "riff", "beat", "melody"],
        "items": ["guitar", "mic", "pedal", "keyboard", "interface"],
        "category": ["Musician/Band", "Musician", "Artist"],
        "phrases": [
            "a cover of my favourite song",
            "a new riff I wrote",
            "my first single is out",
            "an acoustic session",
            "the chord progression everyone asks about",
        ],
        "brands": ["@tonewood.guitars", "@echomics", "@beatcraft"],
        "bio": ["singer-songwriter 🎶", "covers every friday", "guitar & vocals", "new EP out"],
    },
    "pets": {
        "hashtags": ["pets", "dogsofinstagram", "catsofinstagram", "puppy", "doglover", "cute"],
        "objects": ["pup", "kitty", "face", "trick", "zoomies", "nap"],
        "items": ["harness", "toy", "bed", "food", "leash"],
        "category": ["Pet Service", "Pet Supplies"],
        "phrases": [
            "my dog's morning zoomies",
            "the cat stole my spot again",
            "a new trick we learned",
            "our rescue pup one year later",
            "bath time for the pup",
        ],
        "brands": ["@wagwell", "@pawpantry", "@furbed.co"],
        "bio": ["2 dogs 1 cat 🐶", "rescue mom", "pet tips", "the goodest boy"],
    },
    "home": {
        "hashtags": ["home", "interiordesign", "homedecor", "diy", "cozyhome", "plants"],
        "objects": ["room", "makeover", "corner", "shelf", "kitchen", "decor"],
        "items": ["lamp", "rug", "paint", "sofa", "shelf"],
        "category": ["Home Decor", "Interior Design Studio"],
        "phrases": [
            "our living room makeover",
            "a cozy reading corner",
            "repainting the kitchen cabinets",
            "my new shelf styling",
            "a small bedroom refresh",
        ],
        "brands": ["@nestlamp", "@rugroom", "@paintpot"],
        "bio": ["DIY & decor 🏡", "renovating a 1920s house", "plant parent", "cozy spaces"],
    },
    "sustainability": {
        "hashtags": [
            "sustainability",
            "zerowaste",
            "ecofriendly",
            "sustainableliving",
            "plasticfree",
            "thrifted",
            "upcycling",
            "slowliving",
        ],
        "objects": ["swap", "haul", "find", "upcycle", "refill", "tip"],
        "items": ["bottle", "tote", "beeswax wrap", "compost bin", "jar"],
        "category": ["Environmental Conservation Organization", "Personal Blog", "Community"],
        "phrases": [
            "my zero waste bathroom swaps",
            "a thrift haul under $30",
            "upcycling an old jacket",
            "a week without single-use plastic",
            "what's in my compost bin",
            "refilling at the bulk store",
        ],
        "brands": ["@refillhouse", "@bambooloop", "@rewear.club"],
        "bio": [
            "zero waste-ish ♻️",
            "living with less plastic",
            "thrift & upcycle",
            "small steps for the planet",
        ],
    },
}

# Word lists read best packed, a line of words at a time.
# fmt: off
# Reach hashtags: every niche uses them, none tells the niche.
GENERIC_HASHTAGS = [
    "fyp", "viral", "instagood", "explore", "trending", "foryou", "reels", "love",
    "photooftheday", "foryoupage", "instadaily", "picoftheday", "explorepage", "reelsinstagram",
    "happy", "tbt", "like4like", "fypシ",
]
# Profile categories that say nothing about the niche, as many creators pick.
GENERIC_CATEGORIES = ["Digital creator", "Blogger", "Public figure", "Video creator"]

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
    "generic_categories": GENERIC_CATEGORIES,
    "caption_languages": list(CAPTION_LANGUAGES),
    "brand_mentions": BRAND_MENTIONS,
}

# Lists with one entry per caption language, in the order of CAPTION_LANGUAGES.
_LISTS_BY_LANGUAGE = {
    "caption_templates": CAPTION_TEMPLATES,
    "plain_captions": PLAIN_CAPTIONS,
    "disclosure_captions": DISCLOSURE_CAPTIONS,
    "disclosure_hashtags": DISCLOSURE_HASHTAGS,
    "not_sponsored_notes": NOT_SPONSORED_NOTES,
}


def niche_texts(niche: str, language: str) -> dict[str, list[str]]:
    """A niche's caption phrases, hashtags and bio phrases in one caption language."""
    if language == "en":
        words = NICHES[niche]
        return {"phrases": words["phrases"], "hashtags": words["hashtags"], "bio": words["bio"]}
    return LOCAL_NICHE_TEXTS[niche][language]


def sql_literal_list(values: list[str]) -> str:
    quoted = ("'" + value.replace("'", "''") + "'" for value in values)
    return "[" + ", ".join(quoted) + "]::varchar[]"


def sql_nested_list(lists: list[list[str]]) -> str:
    return "[" + ", ".join(sql_literal_list(values) for values in lists) + "]"


def register_vocabulary(connection: duckdb.DuckDBPyConnection) -> None:
    """Macros `words_<name>()` for the lists, and table `niches` (one row per niche).

    Per-language lists are nested, indexed like words_caption_languages() (1 = English).
    """
    for name, values in _LISTS.items():
        connection.execute(f"create or replace macro words_{name}() as {sql_literal_list(values)}")
    for name, by_language in _LISTS_BY_LANGUAGE.items():
        nested = sql_nested_list([by_language[language] for language in CAPTION_LANGUAGES])
        connection.execute(f"create or replace macro words_{name}() as {nested}")
    # One list per language, in the order of words_foreign_languages().
    nested = ", ".join(sql_literal_list(texts) for texts in FOREIGN_FAN_TEXTS.values())
    connection.execute(f"create or replace macro words_foreign_texts() as [{nested}]")
    selects = []
    for index, (niche, words) in enumerate(NICHES.items()):
        by_language = [niche_texts(niche, language) for language in CAPTION_LANGUAGES]
        per_language = {
            key: sql_nested_list([texts[key] for texts in by_language])
            for key in ("phrases", "hashtags", "bio")
        }
        selects.append(
            f"""select {index} as niche_index, '{niche}' as niche,
                {sql_literal_list(words["hashtags"])} as hashtags,
                {sql_literal_list(words["objects"])} as objects,
                {sql_literal_list(words["items"])} as items,
                {sql_literal_list(words["category"])} as categories,
                {sql_literal_list(words["brands"])} as brands,
                {per_language["phrases"]} as phrase_sets,
                {per_language["hashtags"]} as hashtag_sets,
                {per_language["bio"]} as bio_sets"""
        )
    connection.execute(
        "create or replace table niches as " + " union all ".join(selects) + " order by niche_index"
    )
