"""The formats the API takes and serves are the codec's (its
`supported-formats`, which the gateway asks once an instance): /health lists
its names and extensions; each of them, as `?format=`, gives a result in a
media type; and exactly those media types, in the codec's order, are what a
406 or a 415 lists, what `Accept` can pick, what a raw body may be
labelled with and what process-from-url asks for. (The gateway's unit tests
in negotiate.rs run the negotiation on other lists: a codec of one format
gets an API of one format.)"""

import json

from support import png, sample_rgb, submit, wait_done


def completed_task(server) -> str:
    task = submit(server, png(sample_rgb(seed=601)), "grayscale").json()["task_id"]
    assert wait_done(server, task).status == 200
    return task


def served(server, task: str) -> dict[str, str]:
    """Each name /health lists (the codec's names and extensions) → the media
    type of the result sent under it."""
    names = server.call("GET", "/health").json()["formats"]
    assert names
    by_name = {}
    for name in names:
        r = server.call("GET", f"/status/{task}?format={name}")
        assert r.status == 200, (name, r.status, r.body[:200])
        by_name[name] = r.headers["content-type"]
    return by_name


def media_types(server) -> list[str]:
    """The media types the service sends results in, in the codec's order."""
    return list(dict.fromkeys(served(server, completed_task(server)).values()))


def listed(server) -> str:
    """As the gateway's messages list them: `image/png or image/jpeg`."""
    return " or ".join(media_types(server))


def test_406_lists_exactly_the_codecs_media_types(server):
    r = server.call("GET", f"/status/{completed_task(server)}", headers={"accept": "text/html, application/pdf"})
    assert r.status == 406, r.body
    assert r.json()["error"].startswith(f"results are {listed(server)};"), r.json()


def test_415_lists_exactly_the_codecs_media_types(server):
    types = listed(server)
    for label in ("text/plain", "image/gif", "application/x-www-form-urlencoded"):
        r = submit(server, png(sample_rgb(seed=602)), "grayscale", headers={"content-type": label})
        assert r.status == 415, (label, r.status, r.body)
        assert f"a raw body is an image, {types} (or application/octet-stream)" in r.json()["error"]


def test_every_media_type_by_accept_and_as_input_label(server):
    task = completed_task(server)
    types = list(dict.fromkeys(served(server, task).values()))
    assert len(types) >= 2, types
    for media in types:
        r = server.call("GET", f"/status/{task}", headers={"accept": media})
        assert r.status == 200 and r.headers["content-type"] == media, (media, r.status)
        # Served in that format, it is taken back labelled as it.
        again = submit(server, r.body, "grayscale", headers={"content-type": media})
        assert again.status == 202, (media, again.body)
    # No Accept, or a tie: the codec's first.
    assert server.call("GET", f"/status/{task}").headers["content-type"] == types[0]
    tie = ", ".join(reversed(types))
    assert server.call("GET", f"/status/{task}", headers={"accept": tie}).headers["content-type"] == types[0]


def test_fetch_asks_for_the_codecs_media_types(server, image_server, image_requests):
    body = json.dumps({"url": f"http://127.0.0.1:{image_server}/sample.png", "operation": "grayscale"}).encode()
    image_requests.clear()
    r = server.call("POST", "/process-from-url", body, {"content-type": "application/json"})
    assert r.status == 202, r.body
    assert image_requests and set(image_requests) == {", ".join(media_types(server))}
