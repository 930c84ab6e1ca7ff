"""Errors a user can fix; the CLI prints them as one line, never a traceback."""


class TranslatorError(Exception):
    """A problem with the user's input, options or model, with how to fix it."""


def first_line(err: BaseException, limit: int | None = 200) -> str:
    """The first line of ``err``'s message, cut to ``limit`` characters; "" when it has none.

    A library's message can span lines (a traceback, a dump) and a user is
    shown one; an exception raised without a message (``OSError()``) must not
    turn into an IndexError here. Callers add ``or type(err).__name__`` where
    they need a word.
    """
    text = str(err).strip()
    if not text:
        return ""
    line = text.splitlines()[0]
    return line if limit is None else line[:limit]
