"""Jupyter's own kernel test suite (jupyter_kernel_test) against ptlab-java.

Every check of jupyter_kernel_test 0.4.5 is filled in except `test_pager`: Java has no help
pager, so the kernel never sends `page` payloads (see code_page_something below). comm_info is
not part of 0.4.5's checks; `test_comm_info` below adds it, validated with the same schemas.

Rich output is published by cell code as display frames on stdout (docs/architecture.md); the
samples print raw frames so that these checks do not depend on the helper jar.
"""
import inspect
import os
import unittest

import jupyter_kernel_test
from jupyter_kernel_test.msgspec_v5 import validate_message

from kernel_support import java_bin, print_frame

# jupyter_kernel_test 0.4.5 is Debian's (pip has none here) and wraps the blocking client's
# get_msg in run_sync, as jupyter_client 7 allowed; in jupyter_client 8 (requirements.txt)
# get_msg is a plain function, which run_sync refuses. Plain functions are called as they are.
_run_sync = jupyter_kernel_test.run_sync
jupyter_kernel_test.run_sync = lambda f: _run_sync(f) if inspect.iscoroutinefunction(f) else f


def display(mime, content):
    return print_frame("display", {"data": {"text/plain": mime, mime: content}, "metadata": {}})


class PtlabJavaKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "ptlab-java"
    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    completion_samples = [
        {"text": "Math.ab", "matches": {"abs(", "absExact("}},
        {"text": "String.valueO", "matches": {"valueOf("}},
    ]

    complete_code_samples = ["1 + 1", "int x = 5", "for (int i = 0; i < 3; i++) { }",
                             "int a = 1;\nint b = a + 1;", "%lsmagic"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int y =", "void f() {\n  if (true) {"]
    invalid_code_samples = ["int x = );", "}", "1 +* 2", "class 5 {}"]

    code_generate_error = 'throw new RuntimeException("boom");'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": '"con" + "cat"', "result": '"concat"'},
        {"code": "java.util.List.of(1, 2)", "result": "[1, 2]"},
    ]

    code_display_data = [
        {"code": display("text/html", "<b>bold</b>"), "mime": "text/html"},
        {"code": display("image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>"),
         "mime": "image/svg+xml"},
        {"code": display("text/markdown", "# Title"), "mime": "text/markdown"},
    ]

    # matches exactly one of code_execute_result (an sqlite glob, '*' is a wildcard)
    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.abs"

    code_clear_output = print_frame("clear", {"wait": False})

    # Skipped on purpose: Java has no pager (IPython's `?`/help()); the kernel sends no payloads.
    code_page_something = ""

    def test_comm_info(self):
        self.flush_channels()
        msg_id = self.kc.comm_info()
        reply = self.get_non_kernel_info_reply(timeout=15)
        validate_message(reply, "comm_info_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["comms"], {})

    def test_kernel_info_language_details(self):
        self.flush_channels()
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=15)
        validate_message(reply, "kernel_info_reply", msg_id)
        info = reply["content"]["language_info"]
        self.assertEqual(info["mimetype"], "text/x-java")
        self.assertIn(info["codemirror_mode"], ("java", "text/x-java"))
        self.assertTrue(info["version"])

    def test_inspect_has_signature(self):
        self.flush_channels()
        msg_id = self.kc.inspect("Math.abs")
        reply = self.get_non_kernel_info_reply(timeout=15)
        validate_message(reply, "inspect_reply", msg_id)
        text = reply["content"]["data"]["text/plain"]
        self.assertIn("Math.abs(int a)", text)
        if os.path.isfile(os.path.join(os.path.dirname(java_bin("java")), "..", "lib", "src.zip")):
            self.assertIn("absolute value", text)  # the Javadoc, from the JDK's sources


if __name__ == "__main__":
    unittest.main()
