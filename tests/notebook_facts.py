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
    parts = []
    for out in c.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            parts.append(out.get("text", ""))
        elif kind in ("execute_result", "display_data"):
            parts.append(out.get("data", {}).get("text/plain", ""))
        elif kind == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
    return "".join(p if p.endswith("\n") else p + "\n" for p in parts)


def mime(c, mime_type):
    """Every output of a cell in the given MIME type, in order."""
    return [out["data"][mime_type] for out in c.get("outputs", [])
            if mime_type in out.get("data", {})]


def ints(pattern, s):
    """All integers captured by the first group of pattern in s."""
    return [int(m) for m in re.findall(pattern, s)]
