import type { Readable } from 'node:stream';

/** Enough for any password STAFF_LIMITS allows, with room for a line ending. */
const MAX_PIPED_BYTES = 4096;

export class PasswordInputError extends Error {
  override name = 'PasswordInputError';
}

/** The first line of piped input (`echo "$PW" | county user add …`), for scripts and tests. */
export async function readPipedPassword(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    size += buffer.length;
    if (buffer.includes(0x0a) || size > MAX_PIPED_BYTES) break;
  }
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (line === '') throw new PasswordInputError('no password on standard input (pipe it as the first line, or run in a terminal to be asked)');
  return line;
}

/** Reads one line from a terminal without echoing it. Ctrl-C aborts the command. */
function promptHidden(prompt: string, input: NodeJS.ReadStream, output: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new PasswordInputError('aborted'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char >= ' ') typed += char;
      }
    };
    // Raw mode before the prompt, so nothing typed after it appears is ever echoed.
    input.setRawMode(true);
    output.write(prompt);
    input.resume();
    input.on('data', onData);
  });
}

/**
 * The new password for `user add` / `user password`: piped input's first line, or asked twice on a
 * terminal (no echo) so a typo does not lock the account out from its first sign-in.
 */
export async function readNewPassword(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) return readPipedPassword(input);
  const first = await promptHidden('new password: ', input, output);
  const second = await promptHidden('repeat it: ', input, output);
  if (first !== second) throw new PasswordInputError('the two passwords differ; nothing changed');
  if (first === '') throw new PasswordInputError('empty password; nothing changed');
  return first;
}
