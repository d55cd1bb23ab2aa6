"""A free TCP port on loopback, for the servers the tests, the benchmarks and the class start.

The port is free when asked for; the server it is given to binds it a moment later, and another
program may take it in between (rare on one machine): the server's start then fails.
"""
import socket

LOOPBACK = "127.0.0.1"


def free_port(host=LOOPBACK):
    """A TCP port on host that nothing is bound to now: the one the system picks for port 0."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
