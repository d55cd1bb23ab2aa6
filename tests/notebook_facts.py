"""Reading what an executed notebook showed, for the tests that check its claims."""
import re


def cell(nb, cell_id):
    """The cell with this id (nbformat 4.5 cell ids name the cells the tests read)."""
    for c in nb.cells:
        if c.get("id") == cell_id:
            return c
    raise KeyError(f"no cell with id {cell_id!r}")


def text(c):
    """Everything a cell showed as text: streams, text/plain results, error lines."""
    shown = ""
    stream = None  # the stream the last part came from: a stream's pieces may split a line
    for out in c.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            part, name = out.get("text", ""), out.get("name")
        elif kind in ("execute_result", "display_data"):
            part, name = out.get("data", {}).get("text/plain", ""), None
        elif kind == "error":
            part, name = f"{out.get('ename')}: {out.get('evalue')}", None
        else:
            continue
        if shown and not shown.endswith("\n") and (name is None or name != stream):
            shown += "\n"
        shown += part
        stream = name
    return shown if not shown or shown.endswith("\n") else shown + "\n"


def mime(c, mime_type):
    """Every output of a cell in the given MIME type, in order."""
    return [out["data"][mime_type] for out in c.get("outputs", [])
            if mime_type in out.get("data", {})]


def ints(pattern, s):
    """All integers captured by the first group of pattern in s."""
    return [int(m) for m in re.findall(pattern, s)]


def ratio_fits(num, den, ratio, places=2):
    """Whether a printed ratio agrees with the printed numbers it came from, each rounded to `places` decimals:
    the ratio was computed before rounding, so it must lie within what the rounded figures allow."""
    half = 0.5 * 10 ** -places
    return (num - half) / (den + half) - half <= ratio <= (num + half) / (den - half) + half
