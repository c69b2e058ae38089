"""The rule for every read (limits.read_allowed): checked before it is opened, never a device, FIFO, socket, hard
link or a file outside the allowed folders, re-checked once open, and never read past its limit."""

from __future__ import annotations

import os
import socket
import tracemalloc
from pathlib import Path

import pytest

from plainleaf import limits
from plainleaf.errors import HandoutErrors
from plainleaf.limits import RefusedFile, read_allowed, read_user_file
from plainleaf.source.parse import parse_handout
from tests.helpers import rescued, write_handout


def refused(path: Path, allowed: list[Path], limit: int = 1000) -> str:
    with pytest.raises(RefusedFile) as info:
        read_allowed(path, allowed, limit)
    return str(info.value)


def test_a_file_inside_is_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"abc")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "link.txt").symlink_to(tmp_path / "a.txt")  # a link that stays inside is fine
    assert read_allowed(tmp_path / "a.txt", [tmp_path]) == b"abc"
    assert read_allowed(tmp_path / "sub" / "link.txt", [tmp_path]) == b"abc"


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with rescued(tmp_path / "pipe"):
        assert "not a regular file" in refused(tmp_path / "pipe", [tmp_path])


def test_a_socket_and_a_folder_are_refused(tmp_path):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "sock"))
        assert "not a regular file" in refused(tmp_path / "sock", [tmp_path])
    finally:
        server.close()
    (tmp_path / "folder").mkdir()
    assert "not a regular file" in refused(tmp_path / "folder", [tmp_path])


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_link_to_a_device_is_refused_before_it_is_opened(tmp_path, device):
    (tmp_path / "handout.md").symlink_to(device)
    assert "outside the folders plainleaf may read" in refused(tmp_path / "handout.md", [tmp_path])
    assert "not a regular file" in refused(tmp_path / "handout.md", [tmp_path, Path("/dev")])


def test_a_hard_link_is_refused(tmp_path):
    (tmp_path / "secret.png").write_bytes(b"x")
    (tmp_path / "folder").mkdir()
    os.link(tmp_path / "secret.png", tmp_path / "folder" / "picture.png")
    assert "hard link" in refused(tmp_path / "folder" / "picture.png", [tmp_path / "folder"])


def test_a_sparse_file_over_the_limit_is_refused_without_being_read(tmp_path):
    huge = tmp_path / "handout.md"
    with huge.open("wb") as handle:
        handle.truncate(2_500_000_000)
    tracemalloc.start()
    try:
        message = refused(huge, [tmp_path], 1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "2,500,000,000 bytes; the limit is 1,000,000" in message and peak < 1_000_000


@pytest.mark.parametrize("swap", ["link out", "fifo", "folder link"])
def test_a_file_swapped_between_the_check_and_the_open_is_refused(tmp_path, monkeypatch, swap):
    folder, outside = tmp_path / "folder", tmp_path / "outside"
    (folder / "images").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"secret")
    (outside / "images").mkdir()
    (outside / "images" / "a.png").write_bytes(b"secret")
    target = folder / "images" / "a.png"
    target.write_bytes(b"mine")
    checked = limits._checked_place

    def check_then_swap(*args, **kwargs):
        reason = checked(*args, **kwargs)
        if swap == "link out":
            target.unlink()
            target.symlink_to(outside / "secret.png")
        elif swap == "fifo":
            target.unlink()
            os.mkfifo(target)
        else:
            target.unlink()
            (folder / "images").rmdir()
            (folder / "images").symlink_to(outside / "images")
        return reason

    monkeypatch.setattr(limits, "_checked_place", check_then_swap)
    with rescued(target):
        message = refused(target, [folder])
    assert "changed while plainleaf was reading it" in message or "not a regular file" in message


def test_a_file_that_grows_past_its_limit_while_read_is_refused(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_bytes(b"small")
    checked = limits._checked_place

    def check_then_grow(*args, **kwargs):
        reason = checked(*args, **kwargs)
        (tmp_path / "a.txt").write_bytes(b"x" * 5000)  # the same file, now larger than the limit
        return reason

    monkeypatch.setattr(limits, "_checked_place", check_then_grow)
    assert "the limit is 1,000" in refused(tmp_path / "a.txt", [tmp_path])


def test_a_users_text_file_names_what_is_wrong_and_what_to_do(tmp_path):
    os.mkfifo(tmp_path / "clinic.yaml")
    with rescued(tmp_path / "clinic.yaml"), pytest.raises(HandoutErrors) as info:
        read_user_file(tmp_path / "clinic.yaml")
    (error,) = info.value.errors
    assert error.file == tmp_path / "clinic.yaml" and "not a regular file" in error.message and "FIFO" in error.hint
    with pytest.raises(HandoutErrors, match="file not found"):
        read_user_file(tmp_path / "missing.yaml")


def test_a_handout_file_that_is_a_fifo_is_an_error(tmp_path):
    source = write_handout(tmp_path)
    source.unlink()
    os.mkfifo(source)
    with rescued(source), pytest.raises(HandoutErrors) as info:
        parse_handout(source)
    assert "not a regular file" in str(info.value)


def test_a_handout_folder_that_is_a_link_to_elsewhere_is_refused(tmp_path):
    real = write_handout(tmp_path / "elsewhere").parent
    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "hand-washing").symlink_to(real)
    with pytest.raises(HandoutErrors) as info:
        parse_handout(tmp_path / "handouts" / "hand-washing" / "handout.md")
    (error,) = info.value.errors
    assert error.message == "the handout folder is a link to another folder"
