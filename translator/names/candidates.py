"""Finding the names of a document (or a corpus) that the glossary does not match.

Signals, combined per occurrence (each can be switched on or off so the benchmark can
measure what it adds, ``Signals``; by default the tagger and repetition, which measured
best, the two rules with ``tarjama names --rules``):

* ``tagger``: the CRF tagger's spans (``tagger``), with its per-token probabilities;
* ``cue``: a word right after a title or place/organization noun (``cues``) that is
  not an ordinary Arabic word;
* ``shape``: a word with a foreign family-name ending (ـوف ـيف ـسكي ـيتش ـوفا …), or
  whose letters look like a transliterated name (``shape.name_score``), that is not an
  ordinary word and carries no article;
* ``cue`` also finds an organization named after its noun: ``منظمة`` + nouns + a noun
  with the article + adjectives with it (``منظمة معاهدة الأمن الجماعي``);
* ``repeat``: a name found once is looked for everywhere else in the document (and the
  corpus), as news repeats its names; a person's last word is looked for alone too (the
  family name after the first full mention) and becomes a candidate of its own.

Words inside a glossary match (``glossary.Matcher.find_document``, the document rule
included) are never candidates.  An occurrence's Arabic form is the span from the name's
first letter: clitics (و ب ل ك ف) written before it are left off when the bare word
occurs elsewhere in the document or corpus, an article is kept (a person or place form
with no article never matches a word that has one).  Forms are grouped by their folded
tokens (``glossary.normalize``): a candidate's ``key``.

Confidence: per occurrence, the tagger's mean token probability (0.5 for a rule-only
find), raised by each rule that agrees; per candidate, a noisy-OR over its found
occurrences (repeated ones add nothing), so a name found in many places is surer; a
family name found only by repetition gets most of its full name's.  A name that one rule
alone found once is dropped (measured: most false candidates were these).
Hand-written because it combines tarjama's own glossary rules with the tagger.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from glossary.common_words import is_common_word
from glossary.matcher import Matcher
from glossary.normalize import normalize
from translator.names.cues import (
    ORGANIZATION_CUES,
    PHRASE_CUES,
    PLACE_ENDINGS,
    STOPWORDS,
    NameType,
    cue_type,
    foreign_ending,
)
from translator.names.shape import name_score
from translator.names.tagger import NameTagger
from translator.names.tokens import Word, article_split, clitic_splits, words_of
from translator.segment import segment

_TAG_TYPES = {"PERS": NameType.PERSON, "LOC": NameType.PLACE, "ORG": NameType.ORGANIZATION}
RULE_CONFIDENCE = 0.5
AGREE_BONUS = 0.15
FAMILY_SHARE = 0.9  # a family name found only by repetition: this much of its full name's
LETTERS_THRESHOLD = 1.0  # ``shape.name_score`` from which the letters alone find a name
_PLURAL_ENDINGS = ("يين", "يون", "ون")


@dataclass(frozen=True)
class Signals:
    """Which signals the finder uses.

    Defaults are what measured best on the held-out ANERcorp split
    (docs/measurements/names.md): the tagger and repetition.  The cue-word and shape
    rules on their own (``cue``, ``shape``) find a few more foreign names at a cost in
    precision; the tagger already sees cues and shapes as features.
    """

    tagger: bool = True
    cue: bool = False
    shape: bool = False
    repeat: bool = True
    # Keep a name that only a rule found, once (measured: most false candidates are these).
    lone_rules: bool = False
    # Drop tagger spans whose mean tag probability is below this: trades recall for
    # precision (measured in docs/measurements/names.md; 0 keeps every span).
    min_confidence: float = 0.0


@dataclass(frozen=True)
class Occurrence:
    """Where a candidate occurs: document, sentence id (``segment`` index), span in it."""

    document: str
    sentence: int
    start: int  # code-point offsets into the sentence text
    end: int
    text: str  # the sentence's text at the span (clitics left off)
    confidence: float  # 0 for occurrences found only by repetition
    signals: tuple[str, ...]


@dataclass
class Candidate:
    """An unknown name: its folded key, written forms, occurrences, type and confidence."""

    key: str
    forms: list[str]
    occurrences: list[Occurrence]
    type: NameType | None
    confidence: float
    signals: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(o.document for o in self.occurrences))


@dataclass
class _Span:
    sentence: int
    first: int  # word indexes, end exclusive
    last: int
    type: NameType | None
    confidence: float
    signals: set[str]


@dataclass
class SentenceText:
    """One sentence of a document to search: its id and text."""

    index: int
    text: str


class NameFinder:
    """Finds unknown names; build once per glossary, call ``document`` or ``corpus``."""

    def __init__(
        self,
        matcher: Matcher | None = None,
        tagger: NameTagger | None = None,
        signals: Signals = Signals(),
    ) -> None:
        self.matcher = matcher
        self.tagger = tagger if tagger is not None or not signals.tagger else None
        if signals.tagger and self.tagger is None:
            self.tagger = NameTagger.load_default()
        self.signals = signals

    # -- one document ---------------------------------------------------------------
    def document(self, name: str, sentences: Sequence[SentenceText]) -> list[Candidate]:
        """Candidates of one document, most frequent first."""
        return self.corpus([(name, sentences)])

    def corpus(self, documents: Iterable[tuple[str, Sequence[SentenceText]]]) -> list[Candidate]:
        """Candidates of several documents, merged by key, most frequent first.

        Repetition works within each document and then across the corpus: a key found in
        one document is looked for in the others.
        """
        docs: list[tuple[str, list[SentenceText], list[list[Word]], list[list[bool]]]] = []
        spans_by_doc: list[list[_Span]] = []
        for name, sentences in documents:
            sentences = list(sentences)
            words = [words_of(s.text) for s in sentences]
            known = self._known(sentences, words)
            docs.append((name, sentences, words, known))
            spans_by_doc.append(self._spans(words, known))
        vocabulary = Counter(w.text for _, _, words, _ in docs for ws in words for w in ws)
        found: dict[str, list[Occurrence]] = defaultdict(list)
        kinds: dict[str, Counter[NameType]] = defaultdict(Counter)
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        keys_tokens: dict[str, tuple[str, ...]] = {}
        taken: set[tuple[int, int, int]] = set()  # (doc, sentence position, word)
        for d, (name, sentences, words, _) in enumerate(docs):
            for span in spans_by_doc[d]:
                ws = words[span.sentence]
                text = sentences[span.sentence].text
                first = self._strip(ws[span.first], vocabulary, text)
                tokens = (first.text, *(w.text for w in ws[span.first + 1 : span.last]))
                key = " ".join(tokens)
                start = first.start
                end = ws[span.last - 1].end
                found[key].append(
                    Occurrence(
                        name,
                        sentences[span.sentence].index,
                        start,
                        end,
                        text[start:end],
                        round(span.confidence, 3),
                        tuple(sorted(span.signals)),
                    )
                )
                forms[key][text[start:end]] += 1
                keys_tokens[key] = tokens
                if span.type is not None:
                    kinds[key][span.type] += 1
                for k in range(span.first, span.last):
                    taken.add((d, span.sentence, k))
        if self.signals.repeat:
            self._repeat(docs, keys_tokens, found, forms, taken, kinds)
        out = []
        # A full name backs its last word (the family name used alone later).
        family: dict[str, float] = {}
        for k, occurrences in found.items():
            if " " in k:
                best = max(o.confidence for o in occurrences)
                family[k.split()[-1]] = max(family.get(k.split()[-1], 0.0), best)
        for key, occurrences in found.items():
            if not self.signals.lone_rules and key not in family and _lone_rule_find(occurrences):
                continue
            occurrences.sort(key=lambda o: (o.document, o.sentence, o.start))
            miss = 1.0
            signals: Counter[str] = Counter()
            for o in occurrences:
                miss *= 1.0 - min(o.confidence, 0.99)
                signals.update(o.signals)
            kind = kinds[key].most_common(1)[0][0] if kinds[key] else None
            out.append(
                Candidate(
                    key=key,
                    forms=[f for f, _ in forms[key].most_common()],
                    occurrences=occurrences,
                    type=kind,
                    confidence=round(max(1.0 - miss, FAMILY_SHARE * family.get(key, 0.0)), 3),
                    signals=sorted(signals),
                )
            )
        out.sort(key=lambda c: (-c.count, -c.confidence, c.key))
        return out

    # -- steps ------------------------------------------------------------------------
    def _known(self, sentences: list[SentenceText], words: list[list[Word]]) -> list[list[bool]]:
        """Per word: inside a glossary match (never a candidate)."""
        if self.matcher is None:
            return [[False] * len(ws) for ws in words]
        matches = self.matcher.find_document([s.text for s in sentences])
        known = []
        for ws, ms in zip(words, matches, strict=True):
            flags = []
            for w in ws:
                flags.append(any(m.start - len(m.prefix) <= w.start < m.end for m in ms))
            known.append(flags)
        return known

    def _spans(self, words: list[list[Word]], known: list[list[bool]]) -> list[_Span]:
        spans: list[_Span] = []
        for i, ws in enumerate(words):
            tagged: list[_Span] = []
            if self.tagger is not None:
                tagged = _tagger_spans(i, self.tagger, ws, known[i])
                if self.signals.min_confidence > 0.0:
                    tagged = [s for s in tagged if s.confidence >= self.signals.min_confidence]
            covered = {k for s in tagged for k in range(s.first, s.last)}
            rules_on = self.signals.cue or self.signals.shape
            for k in range(len(ws) if rules_on else 0):
                if known[i][k]:
                    continue
                rules = self._rules(ws, k)
                if not rules:
                    continue
                kind, names = rules
                if k in covered:
                    for s in tagged:
                        if s.first <= k < s.last:
                            s.signals.update(names)
                            s.confidence = min(1.0, s.confidence + AGREE_BONUS * len(names))
                            s.type = s.type or kind
                    continue
                tagged.append(_Span(i, k, k + 1, kind, RULE_CONFIDENCE, set(names)))
                covered.add(k)
            if self.signals.cue:
                for first, last in _organization_phrases(ws, known[i]):
                    if not any(k in covered for k in range(first, last)):
                        tagged.append(
                            _Span(i, first, last, NameType.ORGANIZATION, RULE_CONFIDENCE, {"cue"})
                        )
                        covered.update(range(first, last))
            spans.extend(s for s in tagged if _plausible(ws, s))
        return spans

    def _rules(self, ws: list[Word], k: int) -> tuple[NameType | None, list[str]] | None:
        """The rules that find word ``k`` a name on their own, with the type they suggest."""
        w = ws[k]
        if not w.arabic or len(w.text) < 3:
            return None
        core = article_split(w).core
        if is_common_word(w.text) or is_common_word(core) or core in STOPWORDS:
            return None
        names: list[str] = []
        kind: NameType | None = None
        bare = not article_split(w).article
        if self.signals.shape and bare and foreign_ending(core):
            names.append("shape")
            kind = NameType.PERSON
        elif (
            self.signals.shape and bare and len(core) >= 4 and name_score(core) >= LETTERS_THRESHOLD
        ):
            names.append("shape")
            kind = NameType.PLACE if core.endswith(PLACE_ENDINGS) else NameType.PERSON
        if self.signals.cue and k >= 1:
            before = ws[k - 1]
            cue = cue_type(before.text) or cue_type(article_split(before).core)
            if cue is None and k >= 2:
                cue = PHRASE_CUES.get(f"{ws[k - 2].text} {before.text}")
            if cue is not None:
                names.append("cue")
                kind = kind or cue
        return (kind, names) if names else None

    def _strip(self, word: Word, vocabulary: Counter[str], text: str) -> Word:
        """The first word of a name without the clitics written before it (see module doc)."""
        best = word
        for split in clitic_splits(word)[1:]:
            if not split.prefix:
                continue
            if split.article:
                # وال + X: keep the article, drop the clitic; always a safe reading.
                rest = word.text[len(split.prefix) :]
            elif vocabulary.get(split.core, 0) > 0:
                rest = split.core
            else:
                continue
            if len(rest) < len(best.text) and word.text.endswith(rest):
                cut = _original_offset(word, len(word.text) - len(rest), text)
                strict = word.strict[len(word.text) - len(rest) :]
                best = Word(rest, strict, cut, word.end, True, False)
        return best

    def _repeat(
        self,
        docs: list[tuple[str, list[SentenceText], list[list[Word]], list[list[bool]]]],
        keys_tokens: dict[str, tuple[str, ...]],
        found: dict[str, list[Occurrence]],
        forms: dict[str, Counter[str]],
        taken: set[tuple[int, int, int]],
        kinds: dict[str, Counter[NameType]],
    ) -> None:
        """Add every other occurrence of a found key (with or without clitics)."""
        by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for key, tokens in list(keys_tokens.items()):
            by_first[tokens[0]].append((key, tokens))
            person = kinds[key].most_common(1)[0][0] == NameType.PERSON if kinds[key] else False
            if len(tokens) > 1 and person:
                family = tokens[-1]
                if family not in keys_tokens and not is_common_word(family):
                    by_first[family].append((family, (family,)))
                    kinds[family][NameType.PERSON] += 1
        for d, (name, sentences, words, known) in enumerate(docs):
            for i, ws in enumerate(words):
                k = 0
                while k < len(ws):
                    hit = None
                    if (d, i, k) not in taken and not known[i][k] and ws[k].is_word:
                        for split in clitic_splits(ws[k]):
                            rest = ws[k].text[len(split.prefix) :] if split.article else split.core
                            for key, tokens in by_first.get(rest, ()):
                                n = len(tokens)
                                following = tuple(w.text for w in ws[k + 1 : k + n])
                                if (
                                    following == tokens[1:]
                                    and not any(known[i][k : k + n])
                                    and (hit is None or n > hit[2])
                                ):
                                    hit = (key, rest, n)
                    if hit is None:
                        k += 1
                        continue
                    key, rest, n = hit
                    first = ws[k]
                    text = sentences[i].text
                    cut = _original_offset(first, len(first.text) - len(rest), text)
                    end = ws[k + n - 1].end
                    found[key].append(
                        Occurrence(
                            name, sentences[i].index, cut, end, text[cut:end], 0.0, ("repeat",)
                        )
                    )
                    forms[key][text[cut:end]] += 1
                    for j in range(k, k + n):
                        taken.add((d, i, j))
                    k += n


def _original_offset(word: Word, folded_chars: int, text: str) -> int:
    """Offset in ``text`` of the ``folded_chars``-th folded letter of ``word`` (diacritics
    and tatweel between the clitic and the name are skipped as normalization skips them)."""
    if folded_chars <= 0:
        return word.start
    return word.start + normalize(text[word.start : word.end]).offsets[folded_chars]


def _lone_rule_find(occurrences: list[Occurrence]) -> bool:
    """Found once, by one rule alone (no tagger, no second rule, no repetition)."""
    return len(occurrences) == 1 and occurrences[0].signals in (("cue",), ("shape",))


def _tagger_spans(i: int, tagger: NameTagger, ws: list[Word], known: list[bool]) -> list[_Span]:
    tagged = tagger.tag(ws)
    spans: list[_Span] = []
    current: _Span | None = None
    probs: list[float] = []
    for k, (tag, p) in enumerate(zip(tagged.tags, tagged.confidence, strict=True)):
        inside = tag != "O"
        kind = _TAG_TYPES.get(tag[2:]) if inside else None
        if current is not None and (not inside or tag.startswith("B-") or kind != current.type):
            current.confidence = sum(probs) / len(probs)
            spans.append(current)
            current = None
        if inside:
            if current is None:
                current = _Span(i, k, k + 1, kind, 0.0, {"tagger"})
                probs = []
            current.last = k + 1
            probs.append(p)
    if current is not None:
        current.confidence = sum(probs) / len(probs)
        spans.append(current)
    # A span the glossary covers in part is a name the glossary knows, written longer or
    # shorter ("الولايات المتحدة تدريجياً"): its other words are no name of their own.
    return [s for s in spans if not any(known[s.first : s.last])]


def _organization_phrases(ws: list[Word], known: list[bool]) -> list[tuple[int, int]]:
    """``منظمة معاهدة الأمن الجماعي``: an organization noun, nouns without the article,
    then at least one word with it (a noun and its adjectives), on one line."""
    out = []
    for k, w in enumerate(ws):
        if known[k] or not w.arabic or w.text not in ORGANIZATION_CUES:
            continue
        j = k + 1
        while j < len(ws) and ws[j].arabic and not known[j] and not article_split(ws[j]).article:
            if ws[j].break_before or j - k > 2 or ws[j].text in STOPWORDS:
                break
            j += 1
        definite = j
        while j < len(ws) and ws[j].arabic and not known[j] and not ws[j].break_before:
            split = article_split(ws[j])
            if not split.article or split.prefix or ws[j].text in STOPWORDS:
                break
            j += 1
        if (
            j > definite
            and j - k >= 3
            and (definite == k + 1 or ws[definite - 1].text not in STOPWORDS)
        ):
            out.append((k, j))
    return out


def _ordinary_tail(w: Word) -> bool:
    """A last word a name does not end with: an ordinary word without the article, read
    with or without its clitics (تدريجياً, بوفد "with a delegation"), or a function word."""
    if article_split(w).article:
        return False
    if w.text in STOPWORDS or name_score(w.text) < -1:
        return True
    return any(
        is_common_word(split.core) or split.core in STOPWORDS
        for split in clitic_splits(w)
        if not split.article
    )


def _plausible(ws: list[Word], span: _Span) -> bool:
    """Trim punctuation and trailing ordinary words without the article at the edges; a lone
    ordinary word or plural the tagger alone found is no name."""
    while span.first < span.last and not ws[span.first].arabic:
        span.first += 1
    while span.last > span.first and not ws[span.last - 1].arabic:
        span.last -= 1
    while span.last - span.first > 1 and _ordinary_tail(ws[span.last - 1]):
        span.last -= 1
    if span.first >= span.last:
        return False
    if span.last - span.first == 1 and span.signals == {"tagger"}:
        w = ws[span.first]
        split = article_split(w)
        if len(split.core) < 2:
            return False
        if is_common_word(w.text) and is_common_word(split.core) and span.confidence < 0.9:
            return False
        if split.article and split.core.endswith(_PLURAL_ENDINGS):
            return False
    return True


def document_sentences(text: str) -> list[SentenceText]:
    """A document's sentences as ``translate`` numbers them (``translator.segment``)."""
    return [SentenceText(i, s.text) for i, s in enumerate(segment(text))]
