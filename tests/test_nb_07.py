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
    rows = re.findall(r"^(queue between threads|spin between threads|pipe|file|loopback socket|shared memory)\s+(\d+)\s.*\s(yes|NO)\b",
                      shown, re.M)
    assert [r[0] for r in rows] == ["queue between threads", "spin between threads", "pipe", "file", "loopback socket",
                                    "shared memory"], shown
    assert all(r[2] == "yes" and int(r[1]) > 0 for r in rows), rows


def median(shown, name):
    m = re.search(rf"^{re.escape(name)}: median ([\d.]+) (µs|ms) over", shown, re.M)
    return float(m[1]) * (1000 if m[2] == "ms" else 1)


def test_like_is_compared_with_like_and_the_ranking_follows_the_medians(executed):
    nb = executed(NAME).notebook
    medians = {"queue": median(text(cell(nb, "queue-round-trips")), "queue between threads"),
               "spin": median(text(cell(nb, "spin-round-trips")), "spin between threads"),
               "pipe": median(text(cell(nb, "pipe")), "pipe"), "file": median(text(cell(nb, "file")), "file"),
               "socket": median(text(cell(nb, "socket")), "loopback socket"),
               "shared": median(text(cell(nb, "shared-memory")), "shared memory")}
    shown = text(cell(nb, "ipc-table"))
    spinning = re.search(r"^spinning:  threads \(spin\) ([\d.]+) µs   processes \(shared memory\) ([\d.]+) µs$", shown, re.M)
    assert spinning and abs(float(spinning[1]) - medians["spin"]) <= 0.1 + 0.01 * medians["spin"], shown
    assert abs(float(spinning[2]) - medians["shared"]) <= 0.1 + 0.01 * medians["shared"], shown
    ranking = re.search(r"^measured ranking, fastest first: (.+)$", shown, re.M)[1].split(", ")
    assert sorted(ranking) == sorted(medians), shown
    assert [medians[k] for k in ranking] == sorted(medians.values()), (ranking, medians)
    assert re.search(r"^your ranking:\s+no guess$", shown, re.M), shown
    prose = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "processes pay\nfor every message" not in prose and "every message must be copied" not in prose


def test_a_pipe_to_cat_by_hand_echoes_every_message(executed):
    m = LINE.search(text(cell(executed(NAME).notebook, "pipe-by-hand")))
    assert m and m.group(1, 2) == ("pipe to cat", "2000"), m
