"""Runs a command in a pseudo-terminal, answering each password prompt; prints all it showed.

Used by userCli.test.ts: Node has no pty of its own, and the no-echo prompt only runs on a terminal.
usage: python3 ttyPrompt.py ANSWER1 ANSWER2 -- COMMAND...
"""
import os
import pty
import sys

split = sys.argv.index('--')
answers = sys.argv[1:split]
command = sys.argv[split + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

shown = b''
def read_some():
    global shown
    try:
        data = os.read(fd, 4096)
    except OSError:
        return False
    shown += data
    return len(data) > 0

for prompt, answer in zip([b'new password: ', b'repeat it: '], answers):
    while not shown.endswith(prompt) and prompt not in shown.split(b'\n')[-1]:
        if not read_some():
            break
    os.write(fd, answer.encode('utf-8') + b'\r')
while read_some():
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(shown)
sys.exit(os.waitstatus_to_exitcode(status))
