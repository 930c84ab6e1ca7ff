"""Words that announce a name in Arabic news, and name shapes that are rare in Arabic words.

These are the hand-written gazetteer of the name finder: the CRF tagger (``features``)
sees them as features and learns their weight from labelled data, and the candidate
finder uses them to guess a name's type.  Hand-written because no kept library lists
Arabic titles and place/organization nouns; the lists are short and reviewed by eye.
Every word is written as ``glossary.normalize`` folds text (alef forms → ا), without
diacritics, so a token's folded text is looked up directly.
"""

from __future__ import annotations

from enum import StrEnum


def _words(words: list[str]) -> frozenset[str]:
    return frozenset(words)


class NameType(StrEnum):
    """The glossary's entry types a candidate can be guessed as."""

    PERSON = "person"
    PLACE = "place"
    ORGANIZATION = "organization"


# One-word cues (folded).  A cue announces the name right after it (after at most one
# nisba adjective: "وزير الخارجية الروسي سيرغي لافروف" is handled by the tagger's window).
PERSON_CUES = _words(
    [
        "الرئيس",
        "رئيس",
        "رئيسة",
        "الرئيسة",
        "وزير",
        "الوزير",
        "وزيرة",
        "الوزيرة",
        "السيد",
        "السيدة",
        "الدكتور",
        "الدكتورة",
        "الجنرال",
        "العميد",
        "اللواء",
        "العقيد",
        "المقدم",
        "الرائد",
        "المشير",
        "الفريق",
        "الشيخ",
        "الشيخة",
        "الامير",
        "الاميرة",
        "الملك",
        "الملكة",
        "المستشار",
        "المستشارة",
        "النائب",
        "النائبة",
        "السفير",
        "السفيرة",
        "الزعيم",
        "القائد",
        "المبعوث",
        "المندوب",
        "المتحدث",
        "المتحدثة",
        "الناطق",
        "الناطقة",
        "السيناتور",
        "البابا",
        "الامام",
        "الحاكم",
        "عمدة",
        "العمدة",
        "المدرب",
        "اللاعب",
        "الفنان",
        "الفنانة",
        "الكاتب",
        "الكاتبة",
        "الصحفي",
        "الصحفية",
        "القاضي",
        "القاضية",
        "المدعي",
        "الاستاذ",
        "البروفيسور",
        "المهندس",
        "الحاخام",
        "الكاردينال",
        "المطران",
        "المرشح",
        "المرشحة",
        "نائبة",
        "نائب",
        "مساعد",
        "مساعدة",
        "امين",
        "الامين",
        "سكرتير",
        "وكيل",
        "مدير",
        "مديرة",
        "المدير",
        "المديرة",
        "محافظ",
        "المحافظ",
    ]
)
PLACE_CUES = _words(
    [
        "مدينة",
        "محافظة",
        "قرية",
        "بلدة",
        "منطقة",
        "اقليم",
        "ولاية",
        "جزيرة",
        "جزر",
        "نهر",
        "جبل",
        "جبال",
        "بحر",
        "بحيرة",
        "مطار",
        "ميناء",
        "عاصمة",
        "العاصمة",
        "حي",
        "مخيم",
        "ضاحية",
        "مقاطعة",
        "قضاء",
        "ناحية",
        "شارع",
        "ساحة",
        "صحراء",
        "وادي",
        "خليج",
        "مضيق",
        "سهل",
    ]
)
ORGANIZATION_CUES = _words(
    [
        "شركة",
        "حركة",
        "حزب",
        "جبهة",
        "وكالة",
        "منظمة",
        "جامعة",
        "صحيفة",
        "جريدة",
        "مجلة",
        "مجلس",
        "جماعة",
        "بنك",
        "مصرف",
        "مؤسسة",
        "هيئة",
        "اتحاد",
        "قناة",
        "موقع",
        "معهد",
        "مركز",
        "نادي",
        "فريق",
        "منتدى",
        "تحالف",
        "ميليشيا",
        "ميليشيات",
        "كتائب",
        "كتيبة",
        "لواء",
    ]
)
# Two-word cues, folded words joined by a space.
PHRASE_CUES: dict[str, NameType] = {
    "رئيس الوزراء": NameType.PERSON,
    "رئيسة الوزراء": NameType.PERSON,
    "المتحدث باسم": NameType.PERSON,
    "المتحدثة باسم": NameType.PERSON,
    "الامين العام": NameType.PERSON,
    "وزير الخارجية": NameType.PERSON,
    "وزير الدفاع": NameType.PERSON,
    "نائب الرئيس": NameType.PERSON,
}
# Family-name endings of Slavic, Georgian, Armenian and similar names written in Arabic
# (-ov, -ev, -sky, -ich, -ova, -enko, -shvili, -yan); ordinary Arabic words seldom end so.
FOREIGN_ENDINGS = (
    "وف",
    "يف",
    "سكي",
    "سكايا",
    "يتش",
    "وفيتش",
    "وفا",
    "يفا",
    "ينكو",
    "شفيلي",
    "يان",
)
# Letters and letter pairs that are rare in native Arabic words but common in loan names:
# Persian letters, and vowel letters doubled the way transliteration writes them.
RARE_LETTERS = frozenset("پچژگڤ")
RARE_PAIRS = ("يو", "وي", "اي", "يا", "غو", "تش", "كس", "تس", "نغ")


def cue_type(word: str) -> NameType | None:
    """The type a one-word cue announces (``word`` folded, article and clitics included)."""
    if word in PERSON_CUES:
        return NameType.PERSON
    if word in PLACE_CUES:
        return NameType.PLACE
    if word in ORGANIZATION_CUES:
        return NameType.ORGANIZATION
    return None


def foreign_ending(core: str) -> str:
    """The foreign family-name ending ``core`` has ("" when none); needs 3 letters before it."""
    for ending in sorted(FOREIGN_ENDINGS, key=len, reverse=True):
        if core.endswith(ending) and len(core) - len(ending) >= 3:
            return ending
    return ""


def rare_pattern_count(core: str) -> int:
    """How many rare letters and letter pairs ``core`` contains."""
    return sum(ch in RARE_LETTERS for ch in core) + sum(core.count(p) for p in RARE_PAIRS)


# Function words, pronouns, auxiliaries and time words: never a name, though the
# common-word list (nouns, adjectives, verbs that take the article or a suffix) lacks them.
STOPWORDS = _words(
    [
        "في",
        "فيه",
        "فيها",
        "فيهم",
        "من",
        "منه",
        "منها",
        "عن",
        "عنه",
        "عنها",
        "على",
        "عليه",
        "عليها",
        "الى",
        "اليه",
        "اليها",
        "مع",
        "معه",
        "معها",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "هؤلاء",
        "اولئك",
        "الذي",
        "التي",
        "الذين",
        "اللذين",
        "اللتين",
        "ما",
        "ماذا",
        "لماذا",
        "متى",
        "اين",
        "كيف",
        "كم",
        "هو",
        "هي",
        "هم",
        "هن",
        "انا",
        "نحن",
        "انت",
        "انتم",
        "ان",
        "انه",
        "انها",
        "انهم",
        "لان",
        "لكن",
        "لكنه",
        "بل",
        "او",
        "ام",
        "ثم",
        "حتى",
        "اذا",
        "اذ",
        "لو",
        "لم",
        "لن",
        "لا",
        "ليس",
        "ليست",
        "ليسوا",
        "كان",
        "كانت",
        "كانوا",
        "يكون",
        "تكون",
        "قد",
        "لقد",
        "كل",
        "بعض",
        "غير",
        "سوى",
        "عند",
        "عندما",
        "بين",
        "بينما",
        "حيث",
        "خلال",
        "بعد",
        "قبل",
        "منذ",
        "امام",
        "وراء",
        "فوق",
        "تحت",
        "حول",
        "ضد",
        "نحو",
        "لدى",
        "لدي",
        "لديه",
        "لديها",
        "لدينا",
        "اليوم",
        "امس",
        "الامس",
        "غدا",
        "الان",
        "الماضي",
        "المقبل",
        "المقبلة",
        "الماضية",
        "الحالي",
        "الحالية",
        "الاقل",
        "الاكثر",
        "ايضا",
        "فقط",
        "جدا",
        "هناك",
        "هنا",
        "كذلك",
        "وكذلك",
        "اي",
        "ايا",
        "سواء",
        "مثل",
        "عدة",
        "نفس",
        "ذات",
    ]
)
# Endings of place names (-stan, -ia, -land, -burg, -grad): the letters rule's type guess.
PLACE_ENDINGS = ("ستان", "يا", "اند", "بورغ", "غراد", "بول")
