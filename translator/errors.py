"""Errors a user can fix; the CLI prints them as one line, never a traceback."""


class TranslatorError(Exception):
    """A problem with the user's input, options or model, with how to fix it."""
