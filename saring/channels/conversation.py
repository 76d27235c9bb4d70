"""What the tipline says back: commands, answers, feedback, and the polite refusals.

`Conversation.plan` turns one user's unprocessed messages into replies and state changes;
`Plan.apply` writes them in the caller's transaction, so a crash either keeps everything
pending or closes the messages together with the replies that answer them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from saring.channels import telegram, whatsapp
from saring.channels.settings import Settings
from saring.channels.state import SERVICE_WINDOW, Inbound, State
from saring.model import Answer

log = logging.getLogger("saring.channels")

MENU = (
    "*saring — Cek Fakta*\n"
    "Kirim kata kunci, pertanyaan, atau teruskan pesan yang ingin dicek, misalnya:\n"
    "_vaksin mengandung chip_ atau _benarkah gempa besar besok?_\n\n"
    "Perintah:\n"
    "• *MENU* atau *BANTUAN* — cara pakai\n"
    "• *LANGGANAN* — kabar cek fakta terbaru\n"
    "• *BERHENTI* — berhenti berlangganan\n"
    "• *HAPUS DATA* — hapus data Anda dari saring\n\n"
    "Setelah jawaban, balas *1* jika membantu atau *2* jika tidak.\n\n"
    "_Privasi: pesan Anda disimpan sementara untuk menjawab dan mengabari Anda bila klaimnya "
    "sudah diperiksa, lalu dihapus otomatis. Nomor Anda tidak dibagikan._"
)
FORGOTTEN = ("Data Anda di saring sudah dihapus: pesan, pertanyaan, langganan, dan umpan balik. "
             "Pertanyaan yang belum terjawab tidak akan dikabarkan lagi. Ketik *MENU* untuk mulai lagi.")
SUBSCRIBED = ("Terima kasih! Anda berlangganan kabar cek fakta terbaru dari saring. "
              "Ketik *BERHENTI* kapan saja untuk berhenti.")
ALREADY_SUBSCRIBED = "Anda sudah berlangganan. Ketik *BERHENTI* untuk berhenti berlangganan."
UNSUBSCRIBED = ("Anda tidak lagi berlangganan kabar cek fakta. "
                "Ketik *LANGGANAN* untuk berlangganan lagi.")
NOT_SUBSCRIBED = "Anda tidak sedang berlangganan. Ketik *LANGGANAN* untuk berlangganan."
TEXT_ONLY = ("Maaf, saring belum bisa membaca pesan suara, video, stiker, atau lokasi. saring "
             "bisa membaca pesan teks, tautan berita, serta foto atau tangkapan layar yang "
             "berisi tulisan. Tuliskan isi pesan, judul berita, atau kata kuncinya, lalu kirim lagi.")
IMAGE_UNREADABLE = ("Maaf, gambar ini tidak bisa kami baca. Kirim tangkapan layar yang jelas "
                    "(JPEG atau PNG), atau tuliskan isi pesannya, lalu kirim lagi.")
LINK_UNREADABLE = ("Maaf, tautan ini tidak bisa kami buka. Tuliskan judul berita atau isi "
                   "pesannya, lalu kirim lagi.")
RATE_LIMITED = ("Maaf, Anda mengirim terlalu banyak pesan dalam waktu singkat. "
                "Tunggu sebentar lalu kirim lagi pertanyaan Anda.")
THANKS_HELPFUL = "Terima kasih atas masukannya! Senang bisa membantu."
THANKS_UNHELPFUL = ("Terima kasih atas masukannya. Pertanyaan Anda kami catat untuk tim "
                    "pemeriksa fakta. Coba juga kata kunci lain.")
FEEDBACK_PROMPT = "\n\nApakah jawaban ini membantu? Balas *1* (ya) atau *2* (tidak)."
FAILED = "Maaf, saring sedang mengalami gangguan. Silakan coba lagi beberapa saat lagi."

_COMMANDS = {
    "menu": "menu", "bantuan": "menu", "help": "menu", "start": "menu", "info": "menu",
    "langganan": "subscribe", "berlangganan": "subscribe", "subscribe": "subscribe",
    "berhenti": "unsubscribe", "stop": "unsubscribe", "unsubscribe": "unsubscribe",
}
_COMMAND_TEXT = re.compile(r"^\s*/?([A-Za-z]+)(?:@\w+)?[\s.!]*$")
_FORGET_TEXT = re.compile(r"^\s*/?hapus[\s_]*data(?:@\w+)?[\s.!]*$", re.IGNORECASE)
FEEDBACK_SECONDS = 24 * 3600.0
MAX_TEXT = min(whatsapp.MAX_TEXT, telegram.MAX_TEXT)

Ask = Callable[[str, str], Answer]  # (text, channel) -> Answer
# Messages whose text is a query: typed text, and the captions of videos and documents.
_TEXT_TYPES = ("text", "video", "document")


@dataclass
class Reply:
    """One message to send back, quoting `reply_to`; `closes` are the messages it answers."""

    text: str
    reply_to: str
    closes: list[str]
    status: str = "answered"


@dataclass
class Plan:
    """What to do for one user's pending messages, decided outside any transaction (answering
    takes time; the webhooks must not wait on the write lock), applied inside one."""

    channel: str
    user_id: str
    replies: list[Reply] = field(default_factory=list)
    effects: list[Callable[[], object]] = field(default_factory=list)  # state writes (results unused)
    silent: list[str] = field(default_factory=list)  # closed without a reply
    silent_status: str = ""
    window_ends_at: float | None = None

    def apply(self, state: State, now: float) -> None:
        for effect in self.effects:
            effect()
        if self.silent:
            state.mark_inbound(self.silent, self.silent_status)
        for reply in self.replies:
            reply_id = "r:" + reply.closes[0]
            state.enqueue(reply_id, self.channel, self.user_id, "reply",
                          {"text": reply.text, "reply_to": reply.reply_to}, now,
                          window_ends_at=self.window_ends_at)
            state.mark_inbound(reply.closes, reply.status, reply_id)


def command_of(text: str) -> str:
    if _FORGET_TEXT.match(text):
        return "forget"
    m = _COMMAND_TEXT.match(text)
    return _COMMANDS.get(m.group(1).lower(), "") if m else ""


def feedback_of(text: str) -> bool | None:
    value = text.strip().rstrip(".")
    return {"1": True, "2": False}.get(value)


class Conversation:
    def __init__(self, state: State, settings: Settings, ask: Ask, media: Any = None):
        self.state = state
        self.settings = settings
        self.ask = ask
        self.media = media  # saring.media.answers.MediaAnswers: links and pictures

    def plan(self, channel: str, user_id: str, messages: list[Inbound], now: float) -> Plan:
        """Decide the replies to one user's pending messages (reads state, writes nothing)."""
        state, last = self.state, messages[-1]
        ids = [m.id for m in messages]
        plan = Plan(channel, user_id)
        if state.is_blocked(channel, user_id) or self._listed(channel, user_id):
            plan.silent, plan.silent_status = ids, "blocked"
            return plan
        before = state.user(channel, user_id)
        plan.effects.append(lambda: state.touch_user(channel, user_id, last.name, last.received_at))
        if channel == "whatsapp":
            plan.window_ends_at = last.received_at + SERVICE_WINDOW
        if state.recent_inbound_count(channel, user_id, now - self.settings.rate_window) \
                > self.settings.rate_limit:
            notice_at = (before or {}).get("limited_notice_at")
            if notice_at is not None and notice_at > now - self.settings.rate_window:
                plan.silent, plan.silent_status = ids, "limited"
            else:
                plan.effects.append(lambda: state.set_limited_notice(channel, user_id, now))
                plan.replies.append(Reply(RATE_LIMITED, last.id, ids, "limited"))
            return plan
        self._converse(plan, messages, before, now)
        return plan

    def _listed(self, channel: str, user_id: str) -> bool:
        return f"{channel}:{user_id}" in self.settings.blocklist or user_id in self.settings.blocklist

    def _converse(self, plan: Plan, messages: list[Inbound], before: dict | None,
                  now: float) -> None:
        """Commands and non-text are answered one by one; runs of text merge into one query."""
        run: list[Inbound] = []
        last_answer = (before or {}).get("last_answer_at")
        feedback_for = (before or {}) if last_answer and last_answer > now - FEEDBACK_SECONDS else None
        for msg in messages + [None]:  # a None sentinel flushes the last run
            if run and msg is not None and not self._same_query(run, msg):
                feedback_for = self._answer(plan, run, now)
                run = []
            if msg is not None and msg.msg_type in _TEXT_TYPES and msg.text.strip() \
                    and not command_of(msg.text) \
                    and not (feedback_for is not None and not run
                             and feedback_of(msg.text) is not None):
                run.append(msg)
                continue
            if run:
                feedback_for = self._answer(plan, run, now)
                run = []
            if msg is None:
                break
            if msg.msg_type == "image":
                feedback_for = self._answer(plan, [msg], now, picture=True)
            elif msg.msg_type not in _TEXT_TYPES or not msg.text.strip():
                # what saring cannot read is counted by kind for the newsroom (/admin)
                plan.replies.append(Reply(TEXT_ONLY, msg.id, [msg.id], "unread-" + msg.msg_type))
            elif command_of(msg.text):
                text = self._command(plan, command_of(msg.text), now)
                plan.replies.append(Reply(text, msg.id, [msg.id]))
            else:
                self._feedback(plan, msg, feedback_for or {}, now)
                feedback_for = None

    def _same_query(self, run: list[Inbound], msg: Inbound) -> bool:
        """Merge only messages typed in one go: each within the merge window of the one
        before, all within the longest wait (a backlog must not merge separate questions)."""
        return msg.received_at - run[-1].received_at <= self.settings.merge_seconds \
            and msg.received_at - run[0].received_at <= self.settings.merge_max_seconds

    def _command(self, plan: Plan, command: str, now: float) -> str:
        if command == "menu":
            return MENU
        state, channel, user_id = self.state, plan.channel, plan.user_id
        if command == "forget":
            from saring.channels.privacy import forget_user

            # first in the plan: what this run would remember (the user, an answer) goes too
            plan.effects[:] = [lambda: forget_user(state, channel, user_id)]
            return FORGOTTEN
        subscribed = state.is_subscribed(channel, user_id)
        wanted = command == "subscribe"
        if subscribed == wanted:
            return ALREADY_SUBSCRIBED if wanted else NOT_SUBSCRIBED
        plan.effects.append(lambda: state.set_subscribed(channel, user_id, wanted, now))
        return SUBSCRIBED if wanted else UNSUBSCRIBED

    def _feedback(self, plan: Plan, msg: Inbound, about: dict, now: float) -> None:
        state, channel, user_id = self.state, plan.channel, plan.user_id
        helpful = bool(feedback_of(msg.text))
        query, top_id = about.get("last_query", ""), about.get("last_top_id", "")

        def record() -> None:
            state.add_feedback(msg.id, channel, user_id, query, top_id, helpful, now)
            state.clear_answer(channel, user_id)

        plan.effects.append(record)
        if not helpful and query:  # the reader still waits for the right answer: they will hear
            self._remember_question(plan, msg.id, query, now)
        plan.replies.append(Reply(THANKS_HELPFUL if helpful else THANKS_UNHELPFUL, msg.id, [msg.id]))

    def _answer(self, plan: Plan, run: list[Inbound], now: float,
                picture: bool = False) -> dict | None:
        """Answer a merged run of text (or one picture with its caption); returns what a
        following "1"/"2" would rate."""
        query = "\n".join(m.text.strip() for m in run)
        closes = [m.id for m in run]
        try:
            answer = self._ask(plan.channel, run[0], query, picture)
            if answer is None:
                plan.replies.append(Reply(IMAGE_UNREADABLE, run[-1].id, closes, "unread-image"))
                return None
            query = answer.query or query
        except Exception:  # a bug in the answer layer must not stall the queue
            log.exception("answering %r failed", query[:80])
            plan.replies.append(Reply(FAILED, run[-1].id, closes, "failed"))
            return None
        if not answer.matches:
            plan.replies.append(Reply(answer.answer_text, run[-1].id, closes))
            self._remember_question(plan, run[0].id, query, now)
            return None
        state, channel, user_id, top = self.state, plan.channel, plan.user_id, answer.matches[0]
        top_id = top.id

        def remember() -> None:
            state.remember_answer(channel, user_id, query, top_id, now)
            state.told(top_id, channel, user_id, top.verdict, top.score, query, now)

        plan.effects.append(remember)
        text = answer.answer_text[:MAX_TEXT - len(FEEDBACK_PROMPT)] + FEEDBACK_PROMPT
        plan.replies.append(Reply(text, run[-1].id, closes))
        return {"last_query": query, "last_top_id": top_id}

    def _remember_question(self, plan: Plan, message_id: str, query: str, now: float) -> None:
        """An unanswered question is kept with its asker, who is told once it is answered."""
        from saring.answer.normalize import clean
        from saring.channels.reportback import record_ask

        message = clean(query)
        if message.problem or not message.text.strip():
            return  # a greeting or an empty message is not a question for the newsroom
        state, channel, user_id = self.state, plan.channel, plan.user_id
        days = self.settings.report_days
        plan.effects.append(lambda: record_ask(state, channel, user_id, message_id, query,
                                               message.text, now, days))

    def _ask(self, channel: str, first: Inbound, query: str, picture: bool) -> Answer | None:
        """The answer layer's answer for a query, a bare link or a picture (None: the picture
        could not be read)."""
        if picture:
            if self.media is None:
                return self.ask(query, channel) if query else None
            from saring.media.answers import Unreadable

            try:
                return self.media.image(channel, first.media, query)
            except Unreadable:
                return None
        if self.media is not None:
            from saring.media.links import only_link

            url = only_link(query)
            if url:
                return self.media.link(url, channel, LINK_UNREADABLE)
        return self.ask(query, channel)


# How a verdict is named to readers (badges on the web page, broadcasts).
VERDICT_NAMES = {
    "false": "HOAKS", "misleading": "MENYESATKAN", "scam": "PENIPUAN", "satire": "SATIRE",
    "true": "FAKTA", "unproven": "BELUM TERBUKTI",
}
