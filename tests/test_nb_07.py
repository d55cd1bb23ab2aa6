"""Notebook 07: threads hand over objects through a queue, processes copy bytes through four channels."""
import re

from notebook_facts import cell, text

NAME = "07-communication"
LINE = re.compile(r"^(.+): median [\d.]+ (?:µs|ms) over (\d+) round trips .*, bytes intact$", re.M)


def test_threads_hand_back_the_very_object(executed):
    shown = text(cell(executed(NAME).notebook, "queue-round-trips"))
    assert LINE.search(shown).group(1, 2) == ("queue between threads", "2000"), shown
    assert "every reply was the very object sent, not a copy: true" in shown


def test_every_process_channel_returns_the_bytes_sent(executed):
    nb = executed(NAME).notebook
    for cid, name in (("pipe", "pipe"), ("file", "file"), ("socket", "loopback socket"), ("shared-memory", "shared memory")):
        m = LINE.search(text(cell(nb, cid)))
        assert m and m.group(1) == name, text(cell(nb, cid))
        assert int(m.group(2)) > 0


def test_one_table_has_all_five_with_n_and_intact_bytes(executed):
    shown = text(cell(executed(NAME).notebook, "ipc-table"))
    rows = re.findall(r"^(queue between threads|pipe|file|loopback socket|shared memory)\s+(\d+)\s.*\s(yes|NO)\b", shown, re.M)
    assert [r[0] for r in rows] == ["queue between threads", "pipe", "file", "loopback socket", "shared memory"], shown
    assert all(r[2] == "yes" and int(r[1]) > 0 for r in rows), rows
