#!/usr/bin/env python3
"""Stores the ptlab-java kernel's language_info in the notebooks' metadata, and nothing else.

JupyterLab writes the kernel's language_info into a notebook it opens; when the stored one
differs, the notebook is marked modified at once. This asks the kernel (kernel_info) and writes
its language_info into each notebook given, touching no cell:

    make kernel && JUPYTER_PATH=build/jupyter build/venv/bin/python tools/store_language_info.py notebooks/*.ipynb

The kernel reports the Java version of its JDK; run this with the JDK the course is taught on.
"""
import json
import sys

import jupyter_client


def kernel_language_info(kernel_name="ptlab-java"):
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=kernel_name)
    try:
        return kc.kernel_info(reply=True, timeout=60)["content"]["language_info"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def store(path, language_info):
    """Rewrites metadata.language_info of the notebook at path, in nbformat's own layout."""
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    nb["metadata"]["language_info"] = language_info
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def main(paths):
    if not paths:
        sys.exit("usage: store_language_info.py NOTEBOOK.ipynb ...")
    info = kernel_language_info()
    print("the kernel reports", json.dumps(info, sort_keys=True))
    for path in paths:
        store(path, info)


if __name__ == "__main__":
    main(sys.argv[1:])
