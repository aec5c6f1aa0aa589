"""The error a reader raises for input it cannot turn into a Document."""


class ReadError(Exception):
    """A file that could not be read, with a message a user can act on."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
