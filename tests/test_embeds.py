"""Frames and images from other sites, allowed host by host in course.yml."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from courseware.course.loader import load_index
from courseware.web.security import (
    CONTENT_SECURITY_POLICY,
    META_POLICY,
    content_security_policy,
    meta_policy,
)

COURSE_YML = """title: Test course
embeds:
  - www.youtube-nocookie.com
  - player.vimeo.com
images:
  - upload.wikimedia.org
"""

VIDEO = """---
title: Video
---

## Watch

<iframe src="https://www.youtube-nocookie.com/embed/abc" title="A talk"
  sandbox="allow-top-navigation" onload="x()"></iframe>

<iframe src="https://www.youtube.com/embed/abc" title="Not listed"></iframe>

![A listed picture](https://upload.wikimedia.org/a.png)

![An unlisted picture](https://images.example.com/b.png)

<img src="https://cdn.example.net/c.png" alt="raw">
"""


def _policy_directives(policy: str) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part for part in policy.split("; ")}


def test_the_policy_opens_exactly_the_listed_hosts_in_header_and_meta(
    write: Callable, make_app: Callable[..., Flask]
) -> None:
    write("course.yml", COURSE_YML)
    response = make_app().test_client().get("/basics/hello/")
    header = _policy_directives(response.headers["Content-Security-Policy"])
    assert header["frame-src"] == (
        "frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com"
    )
    assert header["img-src"] == "img-src 'self' data: https://upload.wikimedia.org"
    assert header["default-src"] == "default-src 'self'" and "frame-ancestors" in header
    assert header["script-src"] == "script-src 'self'"

    static = make_app(COURSEWARE_LINK_STYLE="relative", COURSEWARE_SECURITY_HEADERS=False)
    page = static.test_client().get("/basics/hello/").get_data(as_text=True)
    meta = page.split('<meta http-equiv="Content-Security-Policy" content="', 1)[1].split('"')[0]
    directives = _policy_directives(meta)
    assert directives["frame-src"] == header["frame-src"]
    assert directives["img-src"] == header["img-src"]
    assert "frame-ancestors" not in directives


def test_the_meta_policy_leaves_out_only_what_browsers_take_from_default_src() -> None:
    """Every page of the static site carries it, so it is short; it allows no more."""
    for header, meta in [
        (CONTENT_SECURITY_POLICY, META_POLICY),
        (content_security_policy(("b.org",), ("a.org",)), meta_policy(("b.org",), ("a.org",))),
    ]:
        full, short = _policy_directives(header), _policy_directives(meta)
        default = full["default-src"].split(" ", 1)[1]
        assert {name: short[name] for name in short} == {name: full[name] for name in short}
        for name in full.keys() - short.keys():  # gone: a fetch directive equal to default-src
            assert name == "frame-ancestors" or (
                name.endswith("-src") and full[name] == f"{name} {default}"
            ), name
        assert {"base-uri", "form-action", "object-src"} <= short.keys()  # no fallback for them


def test_without_hosts_the_policy_is_unchanged(client) -> None:  # noqa: ANN001
    response = client.get("/basics/hello/")
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-src" not in CONTENT_SECURITY_POLICY


def test_only_frames_from_listed_hosts_survive_sandboxed_and_lazy(
    write: Callable, make_app: Callable[..., Flask]
) -> None:
    write("course.yml", COURSE_YML)
    write("01-basics/03-video.md", VIDEO)
    page = make_app().test_client().get("/basics/video/").get_data(as_text=True)
    assert page.count("<iframe") == 1
    frame = page.split("<iframe", 1)[1].split("></iframe>", 1)[0]
    attributes = dict(re.findall(r'(\w+)="([^"]*)"', frame))
    assert attributes == {  # the order of sandbox and loading varies
        "src": "https://www.youtube-nocookie.com/embed/abc",
        "title": "A talk",
        "sandbox": "allow-scripts allow-same-origin allow-presentation",
        "loading": "lazy",
    }
    assert "onload" not in page and "allow-top-navigation" not in page and "Not listed" not in page


def test_frames_and_images_of_unlisted_hosts_say_which_line_to_add(
    write: Callable, lessons_dir: Path
) -> None:
    write("course.yml", COURSE_YML)
    write("01-basics/03-video.md", VIDEO)
    problems = [str(d) for d in load_index(lessons_dir).diagnostics]
    source = "lessons/01-basics/03-video.md"
    assert problems == [
        f"{source}:10: warning: the frame 'https://www.youtube.com/embed/abc' comes from "
        "'www.youtube.com', which the course does not allow, so it is removed from the page; "
        "add 'www.youtube.com' under 'embeds:' in course.yml",
        f"{source}:14: warning: the image 'https://images.example.com/b.png' comes from "
        "'images.example.com', which the course does not allow, so browsers will not show it; "
        "add 'images.example.com' under 'images:' in course.yml",
        f"{source}:16: warning: the image 'https://cdn.example.net/c.png' comes from "
        "'cdn.example.net', which the course does not allow, so browsers will not show it; "
        "add 'cdn.example.net' under 'images:' in course.yml",
    ]


def test_without_embeds_every_frame_is_removed_and_reported(
    write: Callable, lessons_dir: Path, make_app: Callable[..., Flask]
) -> None:
    write("01-basics/03-video.md", VIDEO)
    page = make_app().test_client().get("/basics/video/").get_data(as_text=True)
    assert "<iframe" not in page
    messages = [d.message for d in load_index(lessons_dir).diagnostics]
    assert sum("under 'embeds:'" in message for message in messages) == 2


def test_hosts_must_be_host_names(write: Callable, lessons_dir: Path) -> None:
    write("course.yml", "title: T\nembeds:\n  - https://www.youtube.com/embed\n")
    (problem,) = load_index(lessons_dir).diagnostics
    assert str(problem) == (
        "lessons/course.yml:2: 'embeds': 'https://www.youtube.com/embed' is not a host name; "
        "write the host alone, in lower case, such as 'www.youtube-nocookie.com' "
        "(no 'https://', no path)"
    )
    assert load_index(lessons_dir).course.embeds == ()
