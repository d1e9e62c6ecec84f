"""The error handling every unionkg pipeline step shares."""
from __future__ import annotations

from spacy.pipeline import Pipe
from spacy.tokens import Doc


class GuardedPipe(Pipe):
    """A step whose failure on one doc goes to spaCy's error handler (``nlp.set_error_handler``)
    rather than stopping the batch; subclasses write ``process``."""

    def __call__(self, doc: Doc) -> Doc:
        try:
            return self.process(doc)
        except Exception as err:  # one bad article must not stop a batch
            return self.get_error_handler()(self.name, self, [doc], err)

    def process(self, doc: Doc) -> Doc:
        raise NotImplementedError
