"""Genuine fans writing in languages other than English: a handful of everyday comments each.

Creators from a country with a local language get part of their fan comments in it; every
creator gets a few in other languages too (audiences are international).
"""

# Japanese full-width punctuation and the Turkish dotless i are the right characters here.
# ruff: noqa: RUF001

from __future__ import annotations

# fmt: off
FOREIGN_FAN_TEXTS: dict[str, list[str]] = {
    "es": [
        "¡Me encanta! 😍", "Qué bonito, me encanta tu contenido", "¿Dónde lo compraste?",
        "Increíble como siempre 👏", "Lo voy a intentar este fin de semana",
        "Gracias por compartir, muy útil", "Eres la mejor ❤️", "Jajaja me muero 😂",
    ],
    "de": [
        "Wie schön! 😍", "Das muss ich unbedingt ausprobieren", "Wo hast du das gekauft?",
        "Super gemacht, weiter so!", "Danke fürs Teilen, sehr hilfreich", "Einfach nur toll ❤️",
        "Haha, das kenne ich 😂",
    ],
    "pt": [
        "Que lindo! 😍", "Amei demais", "Onde você comprou?", "Você é incrível, parabéns!",
        "Vou testar esse fim de semana", "Muito bom, obrigada por compartilhar", "Kkkkk morri 😂",
    ],
    "fr": [
        "Trop beau ! 😍", "J'adore, merci pour le partage", "Tu l'as acheté où ?",
        "Incroyable comme d'habitude 👏", "Je vais essayer ce week-end", "Trop drôle 😂",
    ],
    "it": [
        "Che bello! 😍", "Bellissimo, complimenti!", "Dove l'hai preso?",
        "Lo provo questo weekend", "Grazie per la condivisione", "Sei bravissima ❤️",
    ],
    "nl": [
        "Wat mooi! 😍", "Ga ik zeker proberen", "Waar heb je dat gekocht?",
        "Super gedaan, ga zo door!", "Haha herkenbaar 😂",
    ],
    "hi": [
        "बहुत सुंदर! 😍", "बहुत बढ़िया, ऐसे ही बनाते रहो", "यह कहाँ से लिया?", "मज़ा आ गया 😂",
        "धन्यवाद, बहुत काम की जानकारी है", "bahut badhiya bhai 🔥", "kya baat hai! 😍",
    ],
    "ja": [
        "すごい！😍", "かわいい〜", "これどこで買いましたか？",
        "とても参考になりました、ありがとうございます", "今週末やってみます！", "最高です👏",
    ],
    "ar": [
        "ما شاء الله، رائع 😍", "جميل جدا", "من وين اشتريته؟", "شكرا على المشاركة، مفيد جدا",
        "تحفة ❤️",
    ],
    "ko": ["너무 예뻐요 😍", "대박", "어디서 샀어요?", "정말 유용해요, 감사합니다"],
    "tr": ["Çok güzel olmuş 😍", "Bayıldım!", "Nereden aldın?", "Eline sağlık 👏"],
    "id": [
        "Keren banget! 😍", "Mantap kak 👍", "Belinya di mana kak?",
        "Makasih udah sharing, bermanfaat banget",
    ],
}
# fmt: on
