"""The answer layer: "Fakta atau hoaks?" — match a message to the archive and compose the reply."""

from saring.answer.answerer import Answerer

__all__ = ["Answerer"]
