"""What bots, spammers and pods write: the word lists of inauthentic comments.

Placeholders, filled in per comment: {object} and {niche} (the post's niche), {item}, {site},
{link} (a link in one of several obfuscated spellings), {handle} (an account being promoted),
{money}, {digits}.
"""

from __future__ import annotations

# Engagement-bot one-liners: generic enough for any post. Genuine fans write many of the same.
# fmt: off
BOT_GENERIC_TEXTS = [
    "nice", "great post", "love this", "awesome", "so cool", "amazing", "nice pic", "wow",
    "great content", "beautiful", "nice one", "cool!", "great 👍", "super", "good job", "perfect",
    "🔥", "🔥🔥", "😍", "😍😍😍", "👏👏👏", "💯", "❤️❤️", "👍", "wow amazing", "very nice",
]

# Copy-paste texts a bot farm posts verbatim under many creators, from many accounts.
BOT_COPY_PASTE_TEXTS = [
    "This is exactly what I needed to see today. Thank you for sharing!",
    "Wow this is amazing, you are so talented!! Keep it up 👏👏",
    "Your page is so inspiring, I love everything you post ❤️",
    "Great content as always, can't wait to see more from you 🙌",
    "This made my day! Sending love and positive vibes your way ✨",
    "I'm so impressed by your work, keep shining!",
    "Such a beautiful post, you always inspire me 😍",
    "You deserve so much more recognition, this is incredible",
    "Absolutely stunning, I can't stop looking at this 🔥",
    "Love your energy! This is why I follow you 💯",
    "Keep going, you are doing great things! 🙏",
    "Everything about this is perfect, well done!!",
    "Beautiful work, I really admire your creativity",
    "Your feed is goals, seriously 😍😍",
    "This post deserves to go viral 🚀🚀",
    "So much talent in one account, love it 👑",
]

# Sentences a bot (or a paid "custom comments" service) writes to pass as a real fan.
BOT_PLAUSIBLE_TEXTS = [
    "This is such a great {object}, thanks for sharing your process with us!",
    "I really appreciate the effort you put into this {object}, it shows.",
    "Your content always brightens my day, keep up the amazing work!",
    "Wow, the {object} came out really well, you have a real talent for this.",
    "I've been looking for content like this, so glad I found your page.",
    "Such a helpful post, I learned a lot from this {object}.",
    "Absolutely love the vibe of this one, great job as always!",
    "This deserves way more attention, the {object} is top notch.",
    "Honestly one of the best {niche} accounts I follow, great work.",
    "Great post! Really well done, looking forward to the next one.",
    "The way you explain things makes it all so much easier to follow.",
    "Love how authentic your posts feel, the {object} is beautiful.",
    "Can't believe I only found you now, this {object} is so good.",
    "Thanks for always posting quality content, it really helps.",
]

# Spammer campaigns: self-promotion, links to sites, and scams.
SPAM_SELF_PROMO_TEXTS = [
    "check out my page 🙏", "follow me i follow back 💯", "f4f? follow me!",
    "check my profile for more {niche} content", "DM for collab 📩",
    "love your content! DM us at @{handle} for a collab 💌", "sub to my channel pls 🙏",
    "I post similar stuff, check my page!", "send this to @{handle} to get featured 🔥",
    "new video on my page, go watch it!", "f0llow me for daily {niche} tips",
    "f o l l o w  m e 💯", "c h e c k  m y  p a g e", "who wants to be friends? check my bio",
    "we feature accounts like yours, DM @{handle} ✨", "pls follow back 🥺🥺",
]
SPAM_LINK_TEXTS = [
    "free followers here 👉 {link}", "get 1000 likes in 5 minutes: {link}",
    "my new video 👉 {link}", "cheap {item} at {link}", "watch the full video at {link}",
    "who wants free gift cards? {link}", "grow your account fast ⇒ {link}",
    "best {niche} deals of the year: {link}", "link in my bio or just go to {link}",
    "50% off today only 😱 {link}",
]
SPAM_SCAM_TEXTS = [
    "I made {money} this week trading with @{handle}, DM them 📈",
    "Congratulations! You've been selected for our giveaway 🎁 DM @{handle} to claim your prize",
    "Ambassadors wanted 🌟 DM @{handle} for a free product",
    "Thanks to @{handle} I paid off my debt, they're legit 🙏",
    "Invest $300 and get $3,000 in 7 days, WhatsApp +44 7700 900{digits}",
    "Earn {money} a week from home, no experience needed. Ask me how 💸",
    "@{handle} helped me recover my hacked account, reach out to them 💯",
    "I was skeptical but @{handle} is real, {money} profit in 3 days",
    "Giveaway winner announced! Check @{handle} to see if it's you 🎉",
]

# How spam spells a link so that filters miss it.
LINK_SPELLINGS = [
    "{site}.com", "www.{site}.com", "www . {site} . com", "{site} dot com", "{site}(.)com",
    "bit.ly/{code}", "tinyurl.com/{code}", "https://{site}.xyz/{code}", "{site}.shop",
    "{site} . c o m", "t.me/{site}",
]
SPAM_SITES = [
    "fastfollowerz", "growmyig", "likesnow", "promo-boost", "cheaplux-deals", "giftclaimzone",
    "cryptoyieldpro", "mynewvlog", "fitdeals4u", "viralboostr", "followpack", "shopmegasale",
]
PROMOTED_HANDLES = [
    "fx.mentor.claire", "crypto_coach_mark", "promo.page.daily", "featured.feed", "ambassador.hub",
    "giveaway.official_", "recovery.expert.jim", "brand.collab.team", "wealth_with_sara",
]
MONEY = ["$4,500", "$12,000", "£2,300", "€5,000", "$850", "$7,200"]
SPAMMER_HANDLE_PREFIXES = ["promo", "deals", "free", "win", "cash", "boost", "shop", "earn"]

# Engagement-pod comments: warm, plausible, about any post.
POD_TEXTS = [
    "love this!! 😍", "obsessed 🙌", "yesss so good", "this is everything", "need this in my life",
    "goals 🔥", "omg love", "stunning as always", "so inspiring ❤️", "you never miss!",
    "saving this 🙌", "queen 👑", "this is so you", "the best as always", "Amazing shot! 😍",
    "So inspiring, keep it up", "Love this so much, great {object}!",
    "This {object} is everything 🙌", "Gorgeous as always ✨", "Such a vibe 🔥", "You nailed it!",
    "Great tips, thanks for sharing 🙏", "Obsessed with this {object} 😍", "Yes!! Love it",
    "So proud of you, keep going 💪",
]
# fmt: on

# Lookalike alphabets spam sometimes uses to slip past word filters.
ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
FULLWIDTH_LETTERS = "".join(chr(0xFF41 + i) for i in range(26)) + "".join(
    chr(0xFF21 + i) for i in range(26)
)
CIRCLED_LETTERS = "".join(chr(0x24D0 + i) for i in range(26)) + "".join(
    chr(0x24B6 + i) for i in range(26)
)

LISTS = {
    "bot_generic_texts": BOT_GENERIC_TEXTS,
    "bot_copy_paste_texts": BOT_COPY_PASTE_TEXTS,
    "bot_plausible_texts": BOT_PLAUSIBLE_TEXTS,
    "spam_self_promo_texts": SPAM_SELF_PROMO_TEXTS,
    "spam_link_texts": SPAM_LINK_TEXTS,
    "spam_scam_texts": SPAM_SCAM_TEXTS,
    "link_spellings": LINK_SPELLINGS,
    "spam_sites": SPAM_SITES,
    "promoted_handles": PROMOTED_HANDLES,
    "money": MONEY,
    "spammer_handle_prefixes": SPAMMER_HANDLE_PREFIXES,
    "pod_texts": POD_TEXTS,
}
