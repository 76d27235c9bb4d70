"""The answer cache: a viral forward is answered once, every asker is still logged, and an
archive change (the state's generation) drops what was cached."""

from __future__ import annotations

from channels_helpers import ScriptedAnswerer

from saring.archive import open_store
from saring.channels.answering import Answering


def test_repeated_questions_are_answered_once_and_logged_every_time(tmp_path):
    made = []

    def factory(store):
        made.append(ScriptedAnswerer(store))
        return made[-1]

    with open_store(str(tmp_path / "archive.db")) as store:
        answering = Answering("unused", ttl=60.0, store=store, answerer_factory=factory)
        first = answering.ask("Vaksin  ada chip?", "whatsapp")
        again = answering.ask("vaksin ada CHIP?", "telegram")
        assert again.matches == first.matches and again.query == "vaksin ada CHIP?"
        assert (answering.hits, answering.misses, len(made[0].asked)) == (1, 1, 1)
        # logged by the cache, hit or miss (the answerer itself is told not to)
        assert [(q["text"], q["channel"], q["answered"]) for q in store.query_log()] == \
            [("Vaksin  ada chip?", "whatsapp", True), ("vaksin ada CHIP?", "telegram", True)]

        answering.invalidate(generation=1)
        answering.ask("vaksin ada chip?", "whatsapp")
        assert len(made) == 2 and answering.misses == 2
        answering.invalidate(generation=1)  # the same generation: the cache stays
        answering.ask("vaksin ada chip?", "whatsapp")
        assert answering.hits == 2

        stale = Answering("unused", ttl=0.0, store=store, answerer_factory=factory)
        stale.ask("vaksin", "web")
        stale.ask("vaksin", "web")
        assert stale.misses == 2  # expired at once


def test_warm_up_answers_once_unlogged_uncached_and_freezes_what_is_loaded(tmp_path):
    import gc

    made = []

    def factory(store):
        made.append(ScriptedAnswerer(store))
        return made[-1]

    with open_store(str(tmp_path / "archive.db")) as store:
        answering = Answering("unused", ttl=60.0, store=store, answerer_factory=factory)
        frozen_before = gc.get_freeze_count()
        try:
            answering.warm_up()
            assert gc.get_freeze_count() > frozen_before
        finally:
            gc.unfreeze()
        assert len(made) == 1 and len(made[0].asked) == 1  # the answerer is built and has answered
        assert store.query_log() == [] and (answering.hits, answering.misses) == (0, 0)
        answering.ask("vaksin ada chip?", "whatsapp")
        assert len(made) == 1  # the warmed answerer serves the first reader


def test_a_failing_warm_up_is_only_a_warning(tmp_path, caplog):
    import gc

    class Broken:
        def __init__(self, store):
            pass

        def ask(self, *args, **kwargs):
            raise RuntimeError("no vectors")

    with open_store(str(tmp_path / "archive.db")) as store:
        try:
            Answering("unused", ttl=60.0, store=store, answerer_factory=Broken).warm_up()
        finally:
            gc.unfreeze()
    assert "warm-up question failed: no vectors" in caplog.text
