"""Memory contents for the review tests: near versions of the saved project's sentences.

The saved project (``saved_project`` in conftest) reviews the seed article's first four
paragraphs; these pairs are what a desk could have approved for other articles: the
same sentences with a few words (and names) changed.
"""

from __future__ import annotations

from pathlib import Path

from translator.memory.store import NewEntry, TranslationMemory

APPROVED_AT = "2024-05-01T09:00:00Z"  # fixed, so screenshots do not change with the date

# segment 2 of the saved project with Biden replaced by Macron (and "American" by "French")
NEAR_SEGMENT_2 = (
    "أشاد الرئيس الروسي فلاديمير بوتين بعلاقاته مع نظيره الفرنسي إيمانويل ماكرون، مرجّحاً "
    "إمكانية تطبيع العلاقات بين الدولتين بسبب تطابق مصالحهما بشأن المسائل ذات الأولوية القصوى."
)
NEAR_SEGMENT_2_EN = (
    "Russian President Vladimir Putin praised his relations with his French counterpart "
    "Emmanuel Macron, saying relations between the two countries could likely be normalized."
)
# the same with one more word changed (a lower score)
FARTHER_SEGMENT_2 = NEAR_SEGMENT_2.replace("تطبيع", "تحسين")
FARTHER_SEGMENT_2_EN = NEAR_SEGMENT_2_EN.replace("normalized", "improved")
# segment 4 said by Peskov, not Putin, and "currently" for "now"
NEAR_SEGMENT_4 = (
    "وأشار بيسكوف إلى أن نائبة وزير الخارجية الأمريكي، فيكتوريا نولاند، الموجودة في موسكو "
    "حالياً تبحث مع مسؤولين روس ترتيب اتصالات مستقبلية بين الرئيسين، واصفاً علاقات موسكو "
    "الحالية مع الإدارة الأمريكية بأنها “بنّاءة إلى حد كبير”."
)
NEAR_SEGMENT_4_EN = (
    "Peskov noted that U.S. Under Secretary of State Victoria Nuland, who is currently in "
    "Moscow, is discussing future contacts between the two presidents."
)


def fill_memory(path: Path) -> None:
    """A memory with near versions of segments 2 and 4 (origin ``tmx:desk.tmx``)."""
    pairs = (
        (NEAR_SEGMENT_2, NEAR_SEGMENT_2_EN),
        (FARTHER_SEGMENT_2, FARTHER_SEGMENT_2_EN),
        (NEAR_SEGMENT_4, NEAR_SEGMENT_4_EN),
    )
    with TranslationMemory(path) as memory:
        memory.add_many(NewEntry(a, e, "tmx:desk.tmx", APPROVED_AT, "huda") for a, e in pairs)
