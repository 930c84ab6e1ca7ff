"""Unknown names in the review: marked in the Arabic, added to the glossary with one key.

The names the glossary does not match are found in the whole document
(``translator.names``: tagger, cue words, shapes, repetition) when the review starts
and after every glossary change.  ``u`` opens the add-name form for the unknown name
under the Arabic cursor (else the first one in the segment): its form, its type guess
and its top spelling filled in (from the segments' English, the translation memory and
the transliteration model), the other spellings one ``ctrl+n`` away.  Once the name is
saved, every segment containing it that nobody edited (machine English, an unedited
memory match, not yet translated) is re-translated with the name enforced; edited and
approved ones keep their English and are named in a warning (their missing name shows
as a warning, ``w`` goes to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from glossary.matcher import Matcher
from translator.formats.bilingual import SegmentStatus
from translator.names.candidates import Candidate, NameFinder, SentenceText
from translator.names.proposals import Proposal, Proposer, load_transliterator
from tui.screens.entry_form import EntryDraft, EntryForm

if TYPE_CHECKING:
    from tui.glossary_controller import GlossaryController
    from tui.review_host import ReviewHost
    from tui.review_state import ReviewState

UNEDITED = (SegmentStatus.MACHINE, SegmentStatus.TM, SegmentStatus.PENDING)


@dataclass(frozen=True)
class UnknownName:
    candidate: Candidate
    proposals: list[Proposal]


class UnknownNames:
    """The document's unknown names and the review's side of adding one."""

    def __init__(self, state: ReviewState, app: ReviewHost, glossaries: GlossaryController) -> None:
        self.state = state
        self.app = app
        self.glossaries = glossaries
        self.names: list[UnknownName] = []
        self._spans: dict[int, list[tuple[int, int, int]]] = {}  # segment → (start, end, name)
        self._transliterator: object | None = None
        self._asked = False

    def refresh(self) -> None:
        """Find the unknown names again (the glossary or the English changed)."""
        state = self.state
        segments = state.segments
        matcher = Matcher(state.glossary) if state.glossary is not None else None
        sentences = [SentenceText(i, s.source) for i, s in enumerate(segments)]
        candidates = NameFinder(matcher).document(state.project.name, sentences)
        if not self._asked:
            self._transliterator = load_transliterator()
            self._asked = True

        def english(_document: str, index: int) -> str | None:
            segment = segments[index]
            return segment.target if segment.status != "pending" else None

        proposer = Proposer(None, self._transliterator, english)  # type: ignore[arg-type]
        proposals = proposer.propose(candidates)
        self.names = [UnknownName(c, p) for c, p in zip(candidates, proposals, strict=True)]
        self._spans = {}
        for number, name in enumerate(self.names):
            for o in name.candidate.occurrences:
                self._spans.setdefault(o.sentence, []).append((o.start, o.end, number))

    def spans(self, index: int) -> list[tuple[int, int]]:
        """Where unknown names are in segment ``index`` (offsets into its Arabic)."""
        return [(a, b) for a, b, _ in self._spans.get(index, [])]

    def at(self, index: int, offset: int | None = None) -> UnknownName | None:
        """The unknown name at ``offset`` in segment ``index``, else its first one."""
        found = sorted(self._spans.get(index, []))
        if not found:
            return None
        if offset is not None:
            for a, b, number in found:
                if a <= offset < b:
                    return self.names[number]
        return self.names[found[0][2]]

    def add(self, index: int, offset: int | None = None) -> None:
        """Open the add-name form for the unknown name in segment ``index``."""
        app = self.app
        self.refresh()  # the English written since the review started proposes spellings
        name = self.at(index, offset)
        if name is None:
            app.notify("No unknown name in this segment (t adds the picked words instead).")
            return
        candidate = name.candidate
        spellings = [p.spelling for p in name.proposals]
        draft = EntryDraft(
            target=spellings[0] if spellings else "",
            forms=candidate.forms[:1],
            type=candidate.type.value if candidate.type else None,
            note=None,
            replace=False,
            original=None,
        )
        title = f"Add an unknown name ({candidate.count}× in this document)"
        form = EntryForm(
            title, prefill=draft, spellings=spellings, check=self.glossaries.check_draft
        )
        app.push_screen(form, self.saved)

    def saved(self, draft: EntryDraft | None) -> None:
        """Save the name; re-translate the unedited segments it changes, flag the others."""
        if draft is None:
            return
        app = self.app
        self.glossaries.change(draft)
        affected = self.glossaries.last_affected
        segments = self.state.segments
        unedited = [i for i in affected if segments[i].status in UNEDITED]
        edited = [i for i in affected if segments[i].status not in UNEDITED]
        if unedited:
            app.request_translation(unedited)
        if edited:
            numbers = ", ".join(str(i + 1) for i in edited)
            app.notify(
                f"{draft.target}: segment(s) {numbers} were edited or approved and keep their "
                "English; look at them (w goes to the next warning).",
                title="Not re-translated",
                severity="warning",
                timeout=20,
            )
        self.refresh()
        app.refresh_segment(app.current)
