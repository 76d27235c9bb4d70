"""The fetcher: only public http(s), bounded redirects, sizes and types, tokens kept home."""

from __future__ import annotations

import pytest

from saring.media.fetch import Fetcher, FetchError


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost/x", "http://[::1]/", "http://10.1.2.3/",
    "http://192.168.0.1/admin", "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/",
    "file:///etc/passwd", "ftp://example.com/x", "gopher://x/", "javascript:alert(1)",
    "http://user:pw@example.com/", "https:///nohost",
])
def test_private_addresses_and_other_schemes_are_refused(url):
    with pytest.raises(FetchError):
        Fetcher().check(url)


def test_a_redirect_to_a_private_address_is_refused_at_that_hop(site):
    """A trusted first host (the configured platform API) does not make its redirects trusted."""
    start = site.redirect("/go", "http://169.254.169.254/latest/meta-data/")
    with pytest.raises(FetchError, match="not a public address"):
        Fetcher(trusted_hosts=["127.0.0.1"]).get(start, 1000)


def test_redirects_are_followed_within_the_bound(site):
    site.page("/end", b"<html>ok</html>")
    site.redirect("/a", "/b")
    site.redirect("/b", site.url + "/end", 302)
    fetched = Fetcher(allow_private=True).get(site.url + "/a", 1000)
    assert fetched.body == b"<html>ok</html>" and fetched.hops[-1] == site.url + "/end"
    assert len(fetched.hops) == 3
    site.redirect("/loop", "/loop")
    with pytest.raises(FetchError, match="redirects"):
        Fetcher(allow_private=True, max_redirects=3).get(site.url + "/loop", 1000)


def test_size_and_type_limits(site):
    big = site.page("/big", b"x" * 5000)
    with pytest.raises(FetchError, match="over"):
        Fetcher(allow_private=True).get(big, 4000)
    site.routes["/liar"] = (200, {"Content-Type": "text/html", "Content-Length": "10"}, b"")
    site.routes["/chunked"] = (200, {"Content-Type": "text/html", "Transfer-Encoding": "chunked"},
                               b"1000\r\n" + b"y" * 4096 + b"\r\n0\r\n\r\n")
    with pytest.raises(FetchError, match="over"):
        Fetcher(allow_private=True).get(site.url + "/chunked", 100)
    pdf = site.page("/doc", b"%PDF", "application/pdf")
    with pytest.raises(FetchError, match="content type"):
        Fetcher(allow_private=True).get(pdf, 1000, types=["text/html"])
    with pytest.raises(FetchError, match="HTTP 404"):
        Fetcher(allow_private=True).get(site.url + "/none", 1000)


def test_a_token_is_not_sent_along_a_redirect(site):
    site.page("/elsewhere", b"data", "image/jpeg")
    site.redirect("/media", "/elsewhere")
    Fetcher(allow_private=True).get(site.url + "/media", 1000, headers={"Authorization": "Bearer t"})
    sent = dict(site.requests)
    assert sent["/media"].get("Authorization") == "Bearer t"
    assert "Authorization" not in sent["/elsewhere"]


def test_an_unreachable_host_is_a_fetch_error():
    with pytest.raises(FetchError):
        Fetcher(allow_private=True, timeout=2).get("http://127.0.0.1:1/", 1000)
