"""Helpers for the kernel tests: start a ptlab-java kernel, run cells, read the process table.

Every kernel started here is shut down (and, failing that, killed with its whole process tree)
when its `Kernel` is closed; the tests use `with Kernel() as k:` or a fixture that closes it.
"""
import base64
import json
import os
import signal
import time
from queue import Empty

import psutil
from jupyter_client.manager import KernelManager

from proctree import cell_jvm, wait_until

KERNEL_NAME = "ptlab-java"
TIMEOUT = 60
# Seconds a test waits for what would otherwise hang it (a reply after an interrupt, a process that must end):
# only a hang exceeds it, not a slow or busy machine. A hang guard, not a speed claim; bench/ measures speeds.
HANG_GUARD = 30


def frame(verb, payload):
    """Java source of a string literal holding one display frame (docs/architecture.md)."""
    b64 = base64.b64encode(json.dumps(payload).encode("utf-8")).decode("ascii")
    return '"\\u001B]ptlab;%s;%s\\u0007"' % (verb, b64)


def print_frame(verb, payload):
    """A Java statement that prints one display frame the way ptlab.display.Display does."""
    return "System.out.print(%s + \"\\n\");" % frame(verb, payload)


class Result:
    """What a cell produced: the execute reply and its IOPub messages (status and input excluded)."""

    def __init__(self, reply, messages, elapsed, interrupted_at=None):
        self.reply = reply
        self.interrupted_at = interrupted_at  # time.time() when the interrupt was sent, if one was
        self.messages = messages
        self.elapsed = elapsed

    @property
    def status(self):
        return self.reply["content"]["status"]

    @property
    def error(self):
        """The error content (ename, evalue, traceback), or None."""
        errors = [m["content"] for m in self.messages if m["msg_type"] == "error"]
        return errors[0] if errors else None

    def stream(self, name="stdout"):
        return "".join(m["content"]["text"] for m in self.messages
                       if m["msg_type"] == "stream" and m["content"]["name"] == name)

    @property
    def value(self):
        """text/plain of the execute_result, or None."""
        for m in self.messages:
            if m["msg_type"] == "execute_result":
                return m["content"]["data"]["text/plain"]
        return None

    def of_type(self, msg_type):
        return [m for m in self.messages if m["msg_type"] == msg_type]


class Kernel:
    """A running ptlab-java kernel with a blocking client."""

    def __init__(self, cwd=None, env=None, manager=KernelManager):
        """cwd: the kernel's working directory; env: variables to set for the kernel, on top of this
        process's environment; manager: the KernelManager class that starts it."""
        self.replies = {}
        self.km = manager(kernel_name=KERNEL_NAME)
        self.km.start_kernel(cwd=cwd, env={**os.environ, **(env or {})})
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=TIMEOUT)
        except Exception:
            self.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def pid(self):
        return self.km.provisioner.process.pid

    def cell_jvm(self, wait=10.0):
        """The cell JVM (a psutil.Process) below the kernel; waits for it to be there."""
        return wait_until(lambda: cell_jvm(self.pid), wait)

    def execute(self, code, timeout=TIMEOUT, interrupt_after=None, **kwargs):
        """Runs a cell and collects its outputs until the kernel is idle again.

        With interrupt_after (seconds), sends an interrupt request that long after the execute
        request; `elapsed` is then measured from the interrupt to the execute reply, and
        `interrupted_at` is the wall-clock time the interrupt was sent.
        """
        start = time.monotonic()
        interrupted_at = None
        msg_id = self.kc.execute(code, **kwargs)
        if interrupt_after is not None:
            time.sleep(interrupt_after)
            start, interrupted_at = time.monotonic(), time.time()
            self.km.interrupt_kernel()
        reply = self.shell_reply(msg_id, timeout)
        elapsed = time.monotonic() - start
        return Result(reply, self.iopub_until_idle(msg_id, timeout), elapsed, interrupted_at)

    def shell_reply(self, msg_id, timeout=TIMEOUT):
        """The reply to one request; replies to other requests that come first are kept for later."""
        if msg_id in self.replies:
            return self.replies.pop(msg_id)
        deadline = time.monotonic() + timeout
        while True:
            reply = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            parent = reply["parent_header"].get("msg_id")
            if parent == msg_id:
                return reply
            self.replies[parent] = reply

    def iopub_until_idle(self, msg_id, timeout=TIMEOUT):
        messages = []
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "status":
                if msg["content"]["execution_state"] == "idle":
                    return messages
            elif kind != "execute_input":
                messages.append(msg)

    def request(self, send, timeout=TIMEOUT):
        """Sends a shell request with `send(kc)` (returns its msg_id) and returns the reply."""
        return self.shell_reply(send(self.kc), timeout)

    def close(self):
        """Shuts the kernel down; kills what is left of its process tree if that fails."""
        tree = []
        try:
            tree = [psutil.Process(self.pid)] + psutil.Process(self.pid).children(recursive=True)
        except (psutil.NoSuchProcess, AttributeError, TypeError):
            pass
        try:
            self.kc.stop_channels()
        except Exception:
            pass
        try:
            self.km.shutdown_kernel(now=False)
        except Exception:
            pass
        kill_all(tree)


def kill_all(processes):
    for p in processes:
        try:
            p.send_signal(signal.SIGKILL)
        except (psutil.NoSuchProcess, psutil.AccessDenied, ProcessLookupError):
            pass


def drain(channel_get, seconds=0.2):
    """Reads and drops whatever a channel has queued."""
    while True:
        try:
            channel_get(timeout=seconds)
        except Empty:
            return


def java_bin(tool):
    """A JDK tool next to the java the kernelspec runs (javac, jar, ...)."""
    for base in os.environ["JUPYTER_PATH"].split(os.pathsep):
        spec = os.path.join(base, "kernels", KERNEL_NAME, "kernel.json")
        if os.path.isfile(spec):
            break
    with open(spec, encoding="utf-8") as f:
        java = json.load(f)["argv"][0]
    return os.path.join(os.path.dirname(java), tool)
