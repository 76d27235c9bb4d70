"""HTML of the public search page and the newsroom view, rendered on the server.

Server-side rendering keeps the page usable on a cheap phone with no JavaScript; every value
that comes from a reader or the archive is escaped here, in one place.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from html import escape
from importlib import resources
from string import Template
from typing import Any

from saring.archive.base import web_url
from saring.channels.conversation import VERDICT_NAMES
from saring.channels.reportback import ACTIONS
from saring.model import Answer, FactCheck, Item, Match
from saring.text.calendar import MONTH_NAMES

PUBLIC_NAV = '<nav><a href="/api/docs">API</a></nav>'
ADMIN_NAV = '<nav><a href="/">Cari</a><a href="/api/admin/summary">JSON</a></nav>'


@cache
def _template(name: str) -> Template:
    return Template(resources.files("saring.channels").joinpath("web", name).read_text("utf-8"))


def static_file(name: str) -> str:
    return resources.files("saring.channels").joinpath("web", name).read_text("utf-8")


def page(title: str, content: str, nav: str = PUBLIC_NAV) -> str:
    return _template("page.html").substitute(title=escape(title), content=content, nav=nav)


def human_date(value: str) -> str:
    """'2024-06-13T10:05:00+07:00' -> '13 Jun 2024'; anything unparsable is shown as given."""
    try:
        d = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return f"{d.day} {MONTH_NAMES['id'][d.month - 1][:3]} {d.year}"  # "13 Jun 2024"


def badge(match: Match) -> str:
    if match.kind != "factcheck":
        return '<span class="badge news">BERITA</span>'
    verdict = match.verdict if match.verdict in VERDICT_NAMES else "unknown"
    label = VERDICT_NAMES.get(match.verdict) or match.verdict_label or "CEK FAKTA"
    title = f' title="{escape(match.verdict_label)}"' if match.verdict_label else ""
    return f'<span class="badge {verdict}"{title}>{escape(label)}</span>'


def card(match: Match, related: bool = False) -> str:
    """One result; a "mungkin terkait" one carries no badge: its rating is of another claim."""
    meta = " · ".join(escape(x) for x in (human_date(match.published), match.publisher) if x)
    snippet = match.evidence or match.summary
    linked = web_url(match.url)  # never a javascript: or data: link, whatever the archive holds
    link = escape(match.url, quote=True)
    title = escape(match.title or match.url or match.id)
    heading = f'<a href="{link}" rel="noopener noreferrer">{title}</a>' if linked else title
    more = f'<a class="more" href="{link}" rel="noopener noreferrer">Baca selengkapnya</a>' if linked else ""
    mark = "" if related else badge(match)
    return (f'<li class="card">{mark}<h3>{heading}</h3>'
            f'<div class="meta">{meta}</div>'
            f'<p class="snippet">{escape(snippet)}</p>{more}</li>')


def results(answer: Answer | None, error: str = "") -> str:
    if error:
        return f'<p class="error" role="alert">{escape(error)}</p>'
    if answer is None:
        return ""
    if not answer.matches:
        empty = ('<p class="empty">Belum ada cek fakta atau berita di arsip yang cocok. Pertanyaan '
                 'Anda kami catat untuk tim pemeriksa fakta. Coba kata kunci lain.</p>')
        if not answer.related:
            return empty
        cards = "".join(card(m, related=True) for m in answer.related)
        return (f'{empty}<h2>Mungkin terkait</h2><p class="meta">Klaim serupa, belum tentu sama; '
                f'penilaiannya untuk klaim itu sendiri.</p><ul class="cards">{cards}</ul>')
    cards = "".join(card(m) for m in answer.matches)
    return f'<h2>Hasil untuk “{escape(answer.query[:80])}”</h2><ul class="cards">{cards}</ul>'


def search_page(query: str = "", answer: Answer | None = None, error: str = "") -> str:
    content = _template("search.html").substitute(query=escape(query), results=results(answer, error))
    title = f"{query[:60]} — saring" if query else "saring — Fakta atau hoaks?"
    return page(title, content)


# ---------------------------------------------------------------------------- newsroom


def bar_chart(per_day: dict[str, dict[str, int]], width: int = 640, height: int = 180) -> str:
    """Questions per day, answered (green) under unanswered (red), as inline SVG."""
    days = list(per_day)
    top = max([v["answered"] + v["unanswered"] for v in per_day.values()] + [1])
    slot = width / max(1, len(days))
    plot = height - 30
    bars = []
    for i, day in enumerate(days):
        answered, unanswered = per_day[day]["answered"], per_day[day]["unanswered"]
        x = i * slot + slot * 0.15
        w = slot * 0.7
        h_a = plot * answered / top
        h_u = plot * unanswered / top
        bars.append(
            f'<rect x="{x:.1f}" y="{plot - h_a:.1f}" width="{w:.1f}" height="{h_a:.1f}" fill="#2e7d32">'
            f'<title>{day}: {answered} terjawab</title></rect>'
            f'<rect x="{x:.1f}" y="{plot - h_a - h_u:.1f}" width="{w:.1f}" height="{h_u:.1f}" '
            f'fill="#c62828"><title>{day}: {unanswered} belum terjawab</title></rect>'
            f'<text x="{x + w / 2:.1f}" y="{height - 12}" font-size="10" text-anchor="middle" '
            f'fill="#5b6475">{day[8:10]}/{day[5:7]}</text>')
    return (f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="Pertanyaan per hari">'
            f'<line x1="0" y1="{plot}" x2="{width}" y2="{plot}" stroke="#dde2ea"/>'
            f'<text x="4" y="12" font-size="11" fill="#5b6475">maks {top}/hari</text>'
            + "".join(bars) + "</svg>")


def _tile(label: str, value: Any) -> str:
    return f'<div class="tile"><b>{escape(str(value))}</b>{escape(label)}</div>'


def pager(data: dict[str, Any]) -> str:
    """Links to the work queue's other pages (50 groups each)."""
    page, pages, days = data["page"], data["pages"], data["days"]
    if pages <= 1:
        return ""
    links = [f'<a href="/admin?days={days}&amp;page={page - 1}">« sebelumnya</a>' if page > 1 else "",
             f"halaman {page} dari {pages} ({data['unanswered_group_count']} kelompok)",
             f'<a href="/admin?days={days}&amp;page={page + 1}">berikutnya »</a>' if page < pages else ""]
    return '<p class="pager">' + " · ".join(x for x in links if x) + "</p>"


def failing_feeds(feeds: list[dict[str, Any]]) -> str:
    """Watched feeds that fail (saring watch): shown only when there are some."""
    if not feeds:
        return ""
    rows = "".join(f'<tr><td>{escape(f["url"])}</td><td>{escape(f["error"])}</td>'
                   f'<td class="n">{f["failures"]}</td><td>{escape(f["checked_at"][:16].replace("T", " "))}</td></tr>'
                   for f in feeds)
    return ('<h2>Sumber yang gagal dibaca</h2><table><thead><tr><th>Feed</th><th>Masalah</th>'
            f'<th>Gagal berturut-turut</th><th>Terakhir dicoba</th></tr></thead><tbody>{rows}</tbody></table>')


def admin_error(message: str) -> str:
    return page("Ruang redaksi — saring", f'<h1>Tidak bisa disimpan</h1><p class="error" role="alert">'
                f'{escape(message)}</p><p><a href="/admin#antrean">Kembali ke ruang redaksi</a></p>',
                ADMIN_NAV)


def _action_form(group_id: str, csrf: str) -> str:
    """One form per question group: the action, its value (item id or URL, group id, name,
    note), the CSRF token. Plain HTML: no script runs on the page."""
    options = "".join(f'<option value="{a}">{escape(label)}</option>' for a, label in ACTIONS.items())
    return (f'<form method="post" action="/admin/questions" class="act">'
            f'<input type="hidden" name="csrf" value="{csrf}">'
            f'<input type="hidden" name="id" value="{escape(group_id, quote=True)}">'
            f'<select name="action" aria-label="Tindakan">{options}</select>'
            f'<input name="value" maxlength="500" placeholder="id/URL item, id kelompok, nama, catatan"'
            f' aria-label="Nilai">'
            f'<button type="submit">Simpan</button></form>')


def _suggestion(item_id: str) -> str:
    """A new item that may answer the group (below the sure threshold): the newsroom confirms."""
    if not item_id:
        return ""
    return f' · mungkin terjawab oleh <code>{escape(item_id)}</code> (periksa, lalu tautkan)'


def tipline_queue(data: dict[str, Any], csrf: str) -> str:
    rows = "".join(
        f'<tr><td class="n">{g["askers"]}</td><td>{escape(g["question"][:300])}'
        f'<div class="examples">id {escape(g["id"])}'
        f'{" · untuk " + escape(g["assignee"]) if g["assignee"] else ""}'
        f'{" · " + escape(g["note"][:200]) if g["note"] else ""}'
        f'{_suggestion(g["suggested"])}'
        f'</div></td>'
        f'<td>{escape(g["updated_at"][:16].replace("T", " "))}</td>'
        f'<td>{_action_form(g["id"], csrf)}</td></tr>'
        for g in data["tipline_queue"]) or '<tr><td colspan="4">Belum ada.</td></tr>'
    return (f'<table><thead><tr><th>Penanya</th><th>Klaim</th><th>Terakhir</th><th>Tindakan</th>'
            f'</tr></thead><tbody>{rows}</tbody></table>')


def search_results(find: str, found: list | None) -> str:
    """The archive search that finds the item to link a group to."""
    form = (f'<form method="get" action="/admin" class="find"><input name="find" value="{escape(find, quote=True)}"'
            f' placeholder="cari item di arsip" aria-label="Cari item di arsip">'
            f'<button type="submit">Cari</button></form>')
    if found is None:
        return form
    rows = "".join(
        f'<tr><td><code>{escape(h.id)}</code></td><td>{escape(h.title or h.url)}</td>'
        f'<td>{escape(VERDICT_NAMES.get(h.verdict, h.verdict_label or h.kind))}</td></tr>'
        for h in found) or '<tr><td colspan="3">Tidak ada yang cocok.</td></tr>'
    return (form + '<table><thead><tr><th>id</th><th>Judul</th><th>Jenis</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>')


def export_form(data: dict[str, Any]) -> str:
    """Requests and replies of a date range as CSV (user ids hashed)."""
    until = list(data["per_day"])[-1] if data["per_day"] else data["since"]
    return ('<form method="get" action="/admin/export.csv" class="find">Unduh CSV permintaan dan '
            f'jawaban (nomor disamarkan) dari <input type="date" name="since" value="{escape(data["since"])}"'
            f' aria-label="Sejak"> sampai <input type="date" name="until" value="{escape(until)}"'
            ' aria-label="Sampai"> <button type="submit">Unduh</button></form>')


def review_list(review: dict[str, list[dict[str, Any]]]) -> str:
    rows = [f'<tr><td>tidak membantu</td><td>{escape(r["query"][:300])}</td>'
            f'<td><code>{escape(r["top_id"])}</code></td><td>{escape(r["at"][:16].replace("T", " "))}</td></tr>'
            for r in review["unhelpful"]]
    rows += [f'<tr><td>kurang yakin ({r["score"]:.2f})</td><td>{escape(r["query"][:300])}</td>'
             f'<td><code>{escape(r["item_id"])}</code></td><td>{escape(r["at"][:16].replace("T", " "))}</td></tr>'
             for r in review["unsure"]]
    return ('<table><thead><tr><th>Alasan</th><th>Pertanyaan</th><th>Jawaban (item)</th><th>Waktu</th>'
            f'</tr></thead><tbody>{"".join(rows) or "<tr><td colspan=4>Belum ada.</td></tr>"}</tbody></table>')


def admin_page(data: dict[str, Any], csrf: str = "", find: str = "", found: list | None = None,
               saved: bool = False) -> str:
    rate = data["answer_rate"]
    helpful = sum(f["helpful"] for f in data["feedback"])
    rated = helpful + sum(f["unhelpful"] for f in data["feedback"])
    tiles = "".join([
        _tile(f"pertanyaan, {data['days']} hari", data["queries"]),
        _tile("terjawab", "–" if rate is None else f"{rate:.0%}"),
        _tile("jawaban membantu", f"{helpful / rated:.0%} dari {rated}" if rated else "–"),
        _tile("pelanggan", sum(data["subscribers"].values())),
        _tile("antrean kirim", data["outbox"].get("pending", 0)),
        _tile("gagal kirim", data["outbox"].get("failed", 0)),
        # outside WhatsApp's window: expired replies, and askers no template could reach
        _tile("tak terkirim (di luar 24 jam)",
              data["outbox"].get("expired", 0) + data["report_back"].get("skipped", 0)),
        _tile("penanya dikabari", sum(n for k, n in data["report_back"].items()
                                      if k in ("text", "template"))),
        _tile("suara, video, gambar tak terbaca",  # counted by kind in /api/admin/summary
              sum(n for status, n in data["inbox"].items() if status.startswith("unread-"))),
    ])
    groups = "".join(
        f'<tr><td class="n">{g["count"]}</td><td>{escape(g["question"][:200])}'
        f'<div class="examples">{escape(" | ".join(g["examples"][1:4])[:300])}</div></td>'
        f'<td>{escape(", ".join(f"{c} {n}" for c, n in g["channels"].items()))}</td>'
        f'<td>{escape(g["last"][:16].replace("T", " "))}</td></tr>'
        for g in data["unanswered_groups"]) or '<tr><td colspan="4">Belum ada.</td></tr>'
    top = max([t["recent"] for t in data["trending"]] + [1])
    trends = "".join(
        f'<tr><td>{escape(t["topic"])}</td><td class="n">{t["recent"]}</td>'
        f'<td class="n">{t["earlier"]}</td><td class="n">×{t["rise"]}</td>'
        f'<td><svg width="120" height="12" aria-hidden="true"><rect width="{120 * t["recent"] / top:.0f}" '
        f'height="12" fill="#0b6e4f"/></svg></td></tr>'
        for t in data["trending"]) or '<tr><td colspan="5">Belum ada.</td></tr>'
    feedback = "".join(
        f'<tr><td>{escape(f["channel"])}</td><td class="n">{f["helpful"]}</td>'
        f'<td class="n">{f["unhelpful"]}</td>'
        f'<td class="n">{"–" if f["rate"] is None else format(f["rate"], ".0%")}</td></tr>'
        for f in data["feedback"]) or '<tr><td colspan="4">Belum ada.</td></tr>'
    subscribers = "".join(f'<tr><td>{escape(c)}</td><td class="n">{n}</td></tr>'
                          for c, n in sorted(data["subscribers"].items())) \
        or '<tr><td colspan="2">Belum ada.</td></tr>'
    problems = "".join(
        f'<tr><td>{escape(p["channel"])}</td><td>{escape(p["purpose"])}</td>'
        f'<td>{escape(p["status"])}</td><td>{escape(p["last_error"][:200])}</td></tr>'
        for p in data["send_problems"]) or '<tr><td colspan="4">Tidak ada.</td></tr>'
    content = f"""
<h1>Ruang redaksi</h1>
<p class="meta">Sejak {escape(data["since"])} ({data["days"]} hari).</p>
<div class="tiles">{tiles}</div>
<h2>Pertanyaan per hari</h2>
{bar_chart(data["per_day"])}
{'<p class="saved" role="status">Tersimpan.</p>' if saved else ""}
<h2 id="antrean">Antrean tipline — penanya menunggu kabar</h2>
<p class="meta">Tautkan kelompok ke item arsip untuk mengabari semua penanyanya.</p>
{export_form(data)}
{search_results(find, found)}
{tipline_queue(data, csrf)}
<h2>Jawaban untuk ditinjau</h2>
{review_list(data["review"])}
<h2>Belum terjawab — semua kanal</h2>
<table><thead><tr><th>Jumlah</th><th>Pertanyaan (dan variasinya)</th><th>Kanal</th><th>Terakhir</th></tr></thead>
<tbody>{groups}</tbody></table>
{pager(data)}
<h2>Pesan yang gagal atau kedaluwarsa</h2>
<table><thead><tr><th>Kanal</th><th>Jenis</th><th>Status</th><th>Alasan</th></tr></thead>
<tbody>{problems}</tbody></table>
{failing_feeds(data["failing_feeds"])}
<h2>Topik yang sedang naik</h2>
<table><thead><tr><th>Topik</th><th>3 hari</th><th>Sebelumnya</th><th>Naik</th><th></th></tr></thead>
<tbody>{trends}</tbody></table>
<h2>Umpan balik jawaban</h2>
<table><thead><tr><th>Kanal</th><th>Membantu</th><th>Tidak</th><th>Rasio</th></tr></thead>
<tbody>{feedback}</tbody></table>
<h2>Pelanggan kabar cek fakta</h2>
<table><thead><tr><th>Kanal</th><th>Aktif</th></tr></thead><tbody>{subscribers}</tbody></table>
"""
    return page("Ruang redaksi — saring", content, ADMIN_NAV)


# ---------------------------------------------------------------------------- items


def claimreview(fc: FactCheck, page_url: str = "") -> dict[str, Any]:
    """schema.org ClaimReview of an archived fact-check (what search engines and other
    fact-check tools read)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": fc.url if web_url(fc.url) else page_url,
        "claimReviewed": fc.claim or fc.title,
        "reviewRating": {"@type": "Rating",
                         "alternateName": fc.verdict_label or VERDICT_NAMES.get(fc.verdict, "")},
        "itemReviewed": {"@type": "Claim"},
    }
    if fc.title:
        data["headline"] = fc.title
    if fc.published:
        data["datePublished"] = fc.published[:10]
    if fc.publisher:
        data["author"] = {"@type": "Organization", "name": fc.publisher}
    if web_url(fc.claim_source):
        data["itemReviewed"]["appearance"] = {"@type": "CreativeWork", "url": fc.claim_source}
    return data


def _json_ld(data: Any) -> str:
    """JSON for a <script type="application/ld+json"> block: no "</script>" can end it early."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def item_page(item: Item, page_url: str = "") -> str:
    """The public page of one archived item; a fact-check carries its ClaimReview."""
    title = item.title or (item.claim[:120] if isinstance(item, FactCheck) else item.url)
    source = item.publisher if isinstance(item, FactCheck) else item.source
    meta = " · ".join(escape(x) for x in (human_date(item.published), source) if x)
    parts = [f"<h1>{escape(title)}</h1>", f'<div class="meta">{meta}</div>']
    ld = ""
    if isinstance(item, FactCheck):
        verdict = item.verdict if item.verdict in VERDICT_NAMES else "unknown"
        label = VERDICT_NAMES.get(item.verdict) or item.verdict_label or "CEK FAKTA"
        parts.insert(0, f'<span class="badge {verdict}">{escape(label)}</span>')
        if item.claim:
            parts.append(f"<p><b>Klaim:</b> {escape(item.claim)}</p>")
        text = item.conclusion or item.explanation[:1200]
        ld = f'<script type="application/ld+json">{_json_ld(claimreview(item, page_url))}</script>'
    else:
        text = item.lead or (item.body[0] if item.body else "")
    if text:
        parts.append(f'<p class="snippet">{escape(text)}</p>')
    if web_url(item.url):
        parts.append(f'<p><a class="more" href="{escape(item.url, quote=True)}" rel="noopener noreferrer">'
                     "Baca di sumber aslinya</a></p>")
    return page(f"{title[:80]} — saring", ld + '<article class="item">' + "".join(parts) + "</article>")
