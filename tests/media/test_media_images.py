"""Opening pictures within limits, PDQ robustness, the hash table, OCR word spaces."""

from __future__ import annotations

import io
import struct
import zlib

import pytest

from saring.media import images
from saring.media.fetch import limits
from saring.media.ocr import respace

needs_media = pytest.mark.skipif(not images.available(), reason="the media extra is not installed "
                                 "(pip install 'saring[media]')")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims a huge size (the start of a decompression bomb)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) \
        + chunk(b"IEND", b"")


def screenshot(text: str, size=(720, 900), quality=85, fmt="JPEG") -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", size, (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0], 90), fill=(7, 94, 84))
    draw.multiline_text((30, 130), text, font=ImageFont.truetype(FONT, 28), fill=(30, 30, 30),
                        spacing=12)
    out = io.BytesIO()
    image.save(out, fmt, quality=quality)
    return out.getvalue()


@pytest.mark.parametrize("text, fixed", [
    ("Beredarpesanberantaiyangmenyebut", "Beredar pesan berantai yang menyebut"),
    ("vaksinCoViD-19mengandungchippelacak", "vaksin CoViD-19 mengandung chip pelacak"),
    ("buatanluarnegeri.Sebarkan!", "buatan luar negeri. Sebarkan!"),
    ("Presidenmenaikkangajipegawainegerisipil50persen", "Presiden menaikkan gaji pegawai negeri sipil 50 persen"),
    ("KapolriListyoSigitPrabowomengatakan", "Kapolri Listyo Sigit Prabowo mengatakan"),
    ("MenteriKesehatanBudiGunadiSadikin", "Menteri Kesehatan Budi Gunadi Sadikin"),
    ("pukul 09:04 WIB, Rp4,15 juta", "pukul 09:04 WIB, Rp4,15 juta"),
    ("Jakarta pekan depan", "Jakarta pekan depan"),
])
def test_ocr_word_spaces_are_restored(text, fixed):
    assert respace(text) == fixed


@needs_media
@pytest.mark.parametrize("data, why", [
    (b"", "not a readable image"),
    (b"GIF89a garbage", "not a readable image"),
    (b"%PDF-1.7\n", "not a readable image"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a readable image"),
    (png_header_only(60_000, 60_000), "pixel cap|decompression bomb"),
    (png_header_only(20_000, 20), "pixel cap"),
    (png_header_only(4, 4), "too small"),
])
def test_bad_images_are_refused(data, why):
    with pytest.raises(images.ImageError, match=why):
        images.open_image(data)


@needs_media
def test_tiff_and_other_formats_are_not_opened():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(out, "TIFF")
    with pytest.raises(images.ImageError):
        images.open_image(out.getvalue())


def crop(image, left=0.0, top=0.0, right=0.0, bottom=0.0):
    w, h = image.size
    return image.crop((round(w * left), round(h * top), w - round(w * right), h - round(h * bottom)))


@needs_media
def test_pdq_survives_recompression_resize_and_crops_at_any_side_but_tells_pictures_apart():
    from PIL import Image

    text = "Vaksin mengandung\nchip pelacak 5G.\nSebarkan!"
    original = images.open_image(screenshot(text))
    h, quality = images.pdq(original)
    assert quality >= 50
    w, ht = original.size
    variants = {
        "jpeg 30": Image.open(io.BytesIO(screenshot(text, quality=30))).convert("RGB"),
        "half size": original.resize((w // 2, ht // 2)),
        "5% left": crop(original, left=.05),
        "5% right": crop(original, right=.05),
        "5% top": crop(original, top=.05),
        "5% bottom": crop(original, bottom=.05),
        "5% top and left": crop(original, left=.05, top=.05),
        "5% centred": crop(original, .025, .025, .025, .025),
        "4% left, three quarters size": crop(original, left=.04).resize((w * 3 // 4, ht * 3 // 4)),
    }
    stored, limit = images.stored_hashes(original), limits()["pdq_max_distance"]
    assert stored[0] == h and len(stored) == len(set(stored)) == len(limits()["pdq_cuts"]) ** 4
    for name, variant in variants.items():
        query = images.pdq(variant)[0]
        assert min(images.distance(s, query) for s in stored) <= limit, name
    assert images.distance(h, images.pdq(variants["5% left"])[0]) > limit  # the cuts do it
    # the same layout with other words is another picture, under any of the cuts
    for other_text in ("Harga BBM turun\nmulai besok pagi\ndi seluruh SPBU.",
                       "Vaksin mengandung\nbahan halal.\nJangan percaya hoaks!"):
        other = images.pdq(images.open_image(screenshot(other_text)))[0]
        assert min(images.distance(s, other) for s in stored) > limit, other_text


@needs_media
def test_hash_table_finds_a_cropped_copy_and_nothing_for_another_picture(tmp_path):
    from saring.channels.state import Database
    from saring.media.hashes import ImageHashes

    table = ImageHashes(Database(str(tmp_path / "state.db")))
    original = images.open_image(screenshot("Gempa magnitudo 9\nguncang Jakarta\npekan depan"))
    table.add_factcheck(images.stored_hashes(original), "fc-1")
    table.add_factcheck(images.stored_hashes(original), "fc-1")  # stored twice: kept once
    assert table.db.query("SELECT COUNT(*) FROM media_pictures") == [(1,)]
    found = table.nearest(images.pdq(crop(original, right=.05, bottom=.05))[0])
    assert found is not None and (found.kind, found.item_id) == ("factcheck", "fc-1")
    assert found.hash == images.pdq(original)[0]  # the picture's own hash, whichever cut matched
    other = images.open_image(screenshot("Gempa magnitudo 5\nguncang Bandung\nkemarin sore"))
    assert table.nearest(images.pdq(other)[0]) is None
    # another process's table (the web process beside the worker) sees what this one stored,
    # and this one what it stores
    elsewhere = ImageHashes(Database(str(tmp_path / "state.db")))
    assert elsewhere.nearest(images.pdq(crop(original, left=.05))[0]).item_id == "fc-1"
    elsewhere.add_received(other, images.pdq(other)[0], "gempa bandung")
    assert table.nearest(images.pdq(other)[0]).query == "gempa bandung"  # its own hash at once
    assert table.nearest(images.pdq(crop(other, top=.05))[0]) is None  # its cuts once hashed
    assert elsewhere.store_cuts() and not elsewhere.store_cuts()
    assert table.nearest(images.pdq(crop(other, top=.05))[0]).query == "gempa bandung"


@needs_media
def test_a_received_pictures_cuts_are_hashed_later_even_after_a_restart(tmp_path):
    """The reply needs only the picture's own hash; its cuts wait in the state database, so a
    process killed before hashing them leaves them to the next one, which stores exactly
    `stored_hashes` of the picture."""
    from saring.channels.state import Database
    from saring.media.hashes import ImageHashes

    picture = images.open_image(screenshot("Listrik padam total\ntiga hari se-Jawa Bali\nmulai besok",
                                           quality=40))
    own = images.pdq(picture)[0]
    ImageHashes(Database(str(tmp_path / "state.db"))).add_received(picture, own, "listrik padam")
    restarted = ImageHashes(Database(str(tmp_path / "state.db")))
    assert restarted.db.query("SELECT cut FROM media_picture_hashes") == [(own,)]
    assert restarted.store_cuts() and not restarted.store_cuts()
    cuts = {row[0] for row in restarted.db.query("SELECT cut FROM media_picture_hashes WHERE hash = ?", (own,))}
    assert cuts == set(images.stored_hashes(picture))
    assert restarted.db.query("SELECT COUNT(*) FROM media_pending_cuts") == [(0,)]
    assert restarted.nearest(images.pdq(crop(picture, left=.05, bottom=.05))[0]).query == "listrik padam"


@needs_media
def test_hash_table_prefers_fact_checks_and_counts_repeats(tmp_path):
    from saring.channels.state import Database
    from saring.media.hashes import ImageHashes

    table = ImageHashes(Database(str(tmp_path / "state.db")))
    picture = images.open_image(screenshot("Gempa magnitudo 9\nguncang Jakarta"))
    a = images.pdq(picture)[0]
    near = images.pdq(images.open_image(screenshot("Gempa magnitudo 9\nguncang Jakarta", quality=35)))[0]
    assert table.nearest(a) is None
    table.add_received(picture, a, "gempa magnitudo 9 guncang jakarta")
    assert table.nearest(near).query == "gempa magnitudo 9 guncang jakarta"
    table.add_factcheck([a], "fc-1")
    found = table.nearest(near)
    assert (found.kind, found.item_id) == ("factcheck", "fc-1")
    table.seen_again(found.hash, found.kind, found.item_id)
    assert table.db.query("SELECT seen FROM media_pictures WHERE kind = 'factcheck'") == [(2,)]
    far = "f" * 64 if a[0] != "f" else "0" * 64
    assert table.nearest(far) is None


@needs_media
def test_ocr_reads_an_indonesian_screenshot():
    from saring.media.ocr import OCR

    text = OCR().text(images.open_image(screenshot(
        "Beredar pesan berantai yang menyebut\nvaksin mengandung chip pelacak.")))
    assert "pesan berantai" in text.lower() and "chip pelacak" in text.lower()
