"""Hand-written Arabic cases for each segmentation rule, plus the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator.segment import SEMICOLON_MIN_WORDS, Sentence, paragraphs, segment


def texts(text: str) -> list[str]:
    return [s.text for s in segment(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plain stops, question and exclamation marks, runs of marks
        ("قال إنه سيأتي. ثم غادر.", ["قال إنه سيأتي.", "ثم غادر."]),
        ("هل ستأتي؟ نعم!", ["هل ستأتي؟", "نعم!"]),
        ("هل ستأتي? نعم", ["هل ستأتي?", "نعم"]),
        ("ماذا؟! لا أصدق!! حقاً؟", ["ماذا؟!", "لا أصدق!!", "حقاً؟"]),
        ("انتظر… ثم تكلم.", ["انتظر…", "ثم تكلم."]),
        ("الوضع خطير.. والتهديد قائم.", ["الوضع خطير..", "والتهديد قائم."]),
        ("الوضع خطير... والتهديد قائم", ["الوضع خطير...", "والتهديد قائم"]),
        # closing quotes and brackets stay on the sentence they close
        ("قال: “هذا صحيح.” ثم غادر.", ["قال: “هذا صحيح.”", "ثم غادر."]),
        ("قال: “إنها ضرورية جداً”. وذكر أن", ["قال: “إنها ضرورية جداً”.", "وذكر أن"]),
        ("قال «انتهى الأمر». ثم خرج", ["قال «انتهى الأمر».", "ثم خرج"]),
        ("قال (وهو يبتسم.) ثم خرج", ["قال (وهو يبتسم.)", "ثم خرج"]),
        ("قال (عن “الأمر”). ثم خرج", ["قال (عن “الأمر”).", "ثم خرج"]),
        ("قال: “جاء (أخيراً.)”. ثم خرج", ["قال: “جاء (أخيراً.)”.", "ثم خرج"]),
        ('قال "انتهى." ثم خرج', ['قال "انتهى."', "ثم خرج"]),
        ("وصفه بـ”الأمر الجيد”. ثم خرج", ["وصفه بـ”الأمر الجيد”.", "ثم خرج"]),
        ("“لماذا؟” ثم خرج", ["“لماذا؟”", "ثم خرج"]),
        # a colon before a quotation does not split
        ("وأضاف: “لا جديد”.", ["وأضاف: “لا جديد”."]),
        # a stop inside a quotation that closes later does not end the sentence
        (
            "قال: “الوضع خطير.. والتهديد قائم”، مضيفاً: “لا جديد”.",
            ["قال: “الوضع خطير.. والتهديد قائم”، مضيفاً: “لا جديد”."],
        ),
        ("قال: “انتهى. وبدأ غيره” ثم خرج.", ["قال: “انتهى. وبدأ غيره” ثم خرج."]),
        ("قال: «هل انتهى؟ لا» ثم خرج.", ["قال: «هل انتهى؟ لا» ثم خرج."]),
        ("جاء (كما قيل. ربما) متأخراً. ثم", ["جاء (كما قيل. ربما) متأخراً.", "ثم"]),
        ("“لماذا؟”، تساءل الوزير.", ["“لماذا؟”، تساءل الوزير."]),
        # an unclosed quotation suppresses nothing
        ("قال “انتهى كل شيء. وانصرف", ["قال “انتهى كل شيء.", "وانصرف"]),
        # numbers and dates
        ("بلغت النسبة 3.5 في المئة. وقال", ["بلغت النسبة 3.5 في المئة.", "وقال"]),
        ("بلغ العدد 1.000.000 نسمة في 2021. ثم", ["بلغ العدد 1.000.000 نسمة في 2021.", "ثم"]),
        ("وقع الحادث في 22.10.2021 صباحاً. وأضاف", ["وقع الحادث في 22.10.2021 صباحاً.", "وأضاف"]),
        ("بلغت النسبة ٣٫٥ و٣.٥ بالمئة. ثم", ["بلغت النسبة ٣٫٥ و٣.٥ بالمئة.", "ثم"]),
        ("انتهى عام 2020. 15 شخصاً نجوا", ["انتهى عام 2020.", "15 شخصاً نجوا"]),
        # Latin abbreviations, initials, lowercase continuation, URLs
        ("زار U.S. الأسبوع الماضي. وقال", ["زار U.S. الأسبوع الماضي.", "وقال"]),
        ("وقال Dr. Smith و Mr. Jones إن", ["وقال Dr. Smith و Mr. Jones إن"]),
        ("في الساعة 10 a.m. بتوقيت غرينتش", ["في الساعة 10 a.m. بتوقيت غرينتش"]),
        ("مثل e.g. this وغيرها", ["مثل e.g. this وغيرها"]),
        ("كتبت J. K. Rowling الرواية. وبعدها", ["كتبت J. K. Rowling الرواية.", "وبعدها"]),
        ("تناول فيتامين C. وقال الطبيب", ["تناول فيتامين C.", "وقال الطبيب"]),
        ("He said hello. Then he left. and so on", ["He said hello.", "Then he left. and so on"]),
        ("الموقع www.example.com يعمل. وقال", ["الموقع www.example.com يعمل.", "وقال"]),
        # Arabic abbreviations and titles stay with the name
        ("التقى د. محمد علي مع أ. أحمد. ثم غادرا.", ["التقى د. محمد علي مع أ. أحمد.", "ثم غادرا."]),
        (
            "ولد عام 570 م. في مكة وتوفي سنة 11 هـ. في المدينة.",
            ["ولد عام 570 م. في مكة وتوفي سنة 11 هـ. في المدينة."],
        ),
        ("في عام 300 ق.م. كانت المدينة مزدهرة. ثم", ["في عام 300 ق.م. كانت المدينة مزدهرة.", "ثم"]),
        ("انظر ص. 12 و ت. 1990 و ج. 2", ["انظر ص. 12 و ت. 1990 و ج. 2"]),
        ("وصل م. خالد ود. سامي. ثم", ["وصل م. خالد ود. سامي.", "ثم"]),
        ("وقال أ.د. محمود إن", ["وقال أ.د. محمود إن"]),
        ("(د. محمد) قال ذلك.", ["(د. محمد) قال ذلك."]),
        # list numbers opening a sentence
        ("1. البند الأول", ["1. البند الأول"]),
        # a period with no space before an Arabic word still splits
        ("انتهى الاجتماع.وقال الوزير إن", ["انتهى الاجتماع.", "وقال الوزير إن"]),
        ("هل انتهى؟وقال الوزير", ["هل انتهى؟", "وقال الوزير"]),
        ("انتهى الاجتماع.، وقال", ["انتهى الاجتماع.، وقال"]),
        # stops before any word do not make empty sentences
        ("... وقال الوزير", ["... وقال الوزير"]),
        ("!! مرحبا", ["!! مرحبا"]),
        # headlines
        ("بوتين: مصالح موسكو وواشنطن متطابقة", ["بوتين: مصالح موسكو وواشنطن متطابقة"]),
    ],
)
def test_rules(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_semicolon_splits_only_long_clauses() -> None:
    long_left = "قال الوزير إن الحكومة ستعمل على تحسين الاقتصاد"
    long_right = "وأكد أن الإصلاحات ستبدأ الشهر المقبل في كل المحافظات."
    assert texts(f"{long_left}؛ {long_right}") == [f"{long_left}؛", long_right]
    assert texts(f"اشتريت التفاح والموز؛ {long_right}") == [f"اشتريت التفاح والموز؛ {long_right}"]
    assert texts(f"{long_left}؛ ثم عدت.") == [f"{long_left}؛ ثم عدت."]
    # exactly at the threshold on both sides
    left = " ".join(["كلمة"] * SEMICOLON_MIN_WORDS)
    short = " ".join(["كلمة"] * (SEMICOLON_MIN_WORDS - 1))
    assert texts(f"{left}؛ {left}") == [f"{left}؛", left]
    assert len(texts(f"{left}؛ {short}")) == 1
    assert len(texts(f"{short}؛ {left}")) == 1


def test_semicolon_inside_quotation_does_not_split() -> None:
    clause = " ".join(["كلمة"] * SEMICOLON_MIN_WORDS)
    text = f"قال: “{clause}؛ {clause}”."
    assert texts(text) == [text]


def test_offsets_and_sentence_fields() -> None:
    text = "  قال إنه سيأتي.   ثم غادر.  "
    got = segment(text)
    assert got == [
        Sentence(0, 2, 16, "قال إنه سيأتي."),
        Sentence(0, 19, 27, "ثم غادر."),
    ]
    for s in got:
        assert text[s.start : s.end] == s.text


def test_empty_and_whitespace_only() -> None:
    assert segment("") == []
    assert paragraphs("") == []
    assert segment(" \n\t\r\n\u2029  ") == []
    assert paragraphs(" \n\t\r\n\u2029  ") == []


def test_paragraphs_and_blank_lines() -> None:
    text = "العنوان\n\nالجملة الأولى. الجملة الثانية.\n   \nالأخيرة"
    assert [text[a:b] for a, b in paragraphs(text)] == [
        "العنوان",
        "الجملة الأولى. الجملة الثانية.",
        "الأخيرة",
    ]
    assert [(s.paragraph, s.text) for s in segment(text)] == [
        (0, "العنوان"),
        (1, "الجملة الأولى."),
        (1, "الجملة الثانية."),
        (2, "الأخيرة"),
    ]


def test_crlf_and_paragraph_separator() -> None:
    text = "العنوان\r\nقال إنه سيأتي\u2029ثم غادر.\r\n\r\n"
    assert [(s.paragraph, s.text) for s in segment(text)] == [
        (0, "العنوان"),
        (1, "قال إنه سيأتي"),
        (2, "ثم غادر."),
    ]
    for s in segment(text):
        assert text[s.start : s.end] == s.text


def test_sentences_never_cross_lines_even_without_stop() -> None:
    text = "قال: “الوضع خطير\nوالتهديد قائم”."
    assert [(s.paragraph, s.text) for s in segment(text)] == [
        (0, "قال: “الوضع خطير"),
        (1, "والتهديد قائم”."),
    ]


def test_seed_article(article_path: Path) -> None:
    text = article_path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) == 32
    spans = paragraphs(text)
    assert len(spans) == sum(1 for line in lines if line.strip()) == 32
    got = segment(text)
    assert len(got) == 34
    by_paragraph: dict[int, list[str]] = {}
    for s in got:
        by_paragraph.setdefault(s.paragraph, []).append(s.text)
    assert sorted(by_paragraph) == list(range(32))
    # the headline is one sentence
    assert by_paragraph[0] == [lines[0]]
    # “... هناك.. بالطبع ...” stays whole inside its quotation
    assert by_paragraph[8] == [lines[8]]
    assert by_paragraph[18] == [lines[18]]
    # the Peskov paragraph: `”. وذكر` splits, `وأضاف: إن` splits before it, not at the colon
    peskov = by_paragraph[21]
    assert len(peskov) == 3
    assert peskov[0].endswith("“إنها تدريبات ضرورية جداً”.")
    assert peskov[1].startswith("وذكر بيسكوف") and peskov[1].endswith("في أفغانستان.")
    assert peskov[2].startswith("وأضاف: إن صعوبة") and peskov[2].endswith("العسكريين”.")
    # every other paragraph is exactly one sentence
    assert all(len(v) == 1 for k, v in by_paragraph.items() if k != 21)
    assert by_paragraph[19] == [lines[19]]  # بـ”الأمر الجيد”.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ق . م (BC) written with spaces is one abbreviation, not a stop
        (
            "عاش في القرن الثالث ق . م وكان فيلسوفاً. ثم رحل",
            ["عاش في القرن الثالث ق . م وكان فيلسوفاً.", "ثم رحل"],
        ),
        ("انتهى ذلك عام 300 ق . م . وقال المؤرخ", ["انتهى ذلك عام 300 ق . م .", "وقال المؤرخ"]),
        # م. as a unit after a number ends the sentence before a new clause
        (
            "يبلغ ارتفاعه حوالي ٧ م. ولذلك يصعب تسلقه.",
            ["يبلغ ارتفاعه حوالي ٧ م.", "ولذلك يصعب تسلقه."],
        ),
        ("يبلغ طوله 12 م. ثم ينحدر", ["يبلغ طوله 12 م.", "ثم ينحدر"]),
        # ... but not before a preposition that continues the sentence
        ("ولد عام 570 م. في مكة", ["ولد عام 570 م. في مكة"]),
        # a title before a name is still no stop
        ("وصل م. خالد إلى المكتب", ["وصل م. خالد إلى المكتب"]),
        # ” followed by a space opens a quotation (real pages write ” نص ”)
        (
            "قال الوزير ” الوضع خطير. والتهديد قائم ” ثم غادر. وأضاف",
            ["قال الوزير ” الوضع خطير. والتهديد قائم ” ثم غادر.", "وأضاف"],
        ),
        # an unmatched spaced ” still suppresses nothing
        ("قال ” انتهى الأمر. وانصرف", ["قال ” انتهى الأمر.", "وانصرف"]),
    ],
)
def test_real_page_fixes(text: str, expected: list[str]) -> None:
    assert texts(text) == expected
