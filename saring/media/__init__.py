"""What readers forward besides typed text: links, screenshots, photos.

Links need nothing beyond saring's own dependencies; reading pictures (OCR with RapidOCR,
PDQ hashes) needs the optional extra, `pip install 'saring[media]'`. Without it saring still
answers text, links and captions, and replies politely to a picture it cannot read.
"""
