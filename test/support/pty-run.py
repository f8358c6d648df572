#!/usr/bin/env python3
"""Runs a command on a real pseudo-terminal and answers its prompts, for end-to-end tests.

usage: pty-run.py STEPS_JSON -- COMMAND [ARG...]
STEPS_JSON is a list of [wait_for, send] or [wait_for, send, shell]: when `wait_for` has appeared on
the screen (since the previous step), `shell` (if given) runs to its end, then `send` is typed. The
shell command stands for someone else at work meanwhile (the gateway writing a file).
Prints {"code": N, "screen": "..."} as JSON when the command ends.
"""
import fcntl
import json
import os
import struct
import termios
import pty
import select
import signal
import subprocess
import sys
import time

TIMEOUT_S = float(os.environ.get("PTY_RUN_TIMEOUT", "20"))


def main() -> None:
    steps = json.loads(sys.argv[1])
    command = sys.argv[sys.argv.index("--") + 1 :]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    # A new pty is 0x0; prompt libraries wrap at the width, so give it a real terminal's size.
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    screen = b""
    seen_upto = 0
    deadline = time.time() + TIMEOUT_S
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
        if steps and steps[0][0].encode() in screen[seen_upto:]:
            wait_for, send, *shell = steps.pop(0)
            seen_upto = screen.index(wait_for.encode(), seen_upto) + len(wait_for)
            if shell:
                subprocess.run(shell[0], shell=True, check=True)
            time.sleep(0.1)  # let the prompt finish drawing and switch the terminal mode
            os.write(fd, send.encode())
    else:
        os.kill(pid, signal.SIGKILL)  # hung: report what the screen showed
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({"code": code, "screen": screen.decode("utf8", "replace")}))


main()
