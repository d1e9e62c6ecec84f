"""What the unionkg pipeline steps share: the error handling, and the factory of a step whose one option
is ``lexicon_dir``."""
from __future__ import annotations

from spacy.language import Language
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


def lexicon_step(name: str, *, requires: list[str], assigns: list[str]):
    """Class decorator: register the class as the spaCy factory ``name``, made with its one option
    ``lexicon_dir`` (the lexicon folder; "" for the packaged one)."""
    def register(cls):
        def make(nlp: Language, name: str, *, lexicon_dir: str):
            return cls(nlp, name, lexicon_dir=lexicon_dir)

        Language.factory(name, requires=requires, assigns=assigns, default_config={"lexicon_dir": ""}, func=make)
        return cls

    return register
