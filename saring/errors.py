"""Errors that the CLI and the HTTP API turn into one clear line (never a traceback)."""


class SaringError(Exception):
    """A problem the user can act on; its message is shown as is, on one line."""

    exit_code = 1


class InputError(SaringError):
    """The input could not be read (empty, binary, malformed, too large)."""

    exit_code = 2


class StoreError(SaringError):
    """The archive could not be opened or written."""

    exit_code = 3
