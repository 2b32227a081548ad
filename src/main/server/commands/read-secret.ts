// Reads a password for a command: from a terminal without echo (asked twice when it is a new
// one, so a typo does not lock anyone out), otherwise the first line of stdin — so that scripts
// can pipe it (`printf '%s\n' "$PW" | watchfloor users add ada --role admin`) and it never
// appears in the process list or the shell history, as a flag would.
import { createInterface } from 'node:readline';
import { EngineError } from '../../../shared/errors';

export interface SecretInput {
  stdin: NodeJS.ReadStream;
  /** Where the prompt goes (stderr: stdout is the command's result). */
  prompt: NodeJS.WritableStream;
}

const DEFAULT_INPUT = (): SecretInput => ({ stdin: process.stdin, prompt: process.stderr });

function readHidden({ stdin, prompt }: SecretInput, question: string): Promise<string> {
  prompt.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      prompt.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          reject(new EngineError('CANCELLED', 'no password given'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

function firstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stdin, crlfDelay: Infinity });
    let got = false;
    lines.once('line', (line) => {
      got = true;
      lines.close();
      resolve(line);
    });
    lines.once('close', () => {
      if (!got)
        reject(
          new EngineError('BAD_REQUEST', 'no password: type it at the prompt, or give it as the first line of stdin'),
        );
    });
  });
}

/** A password from the terminal (twice when `confirm`) or from the first line of stdin. */
export async function readSecret(
  question: string,
  confirm: boolean,
  input: SecretInput = DEFAULT_INPUT(),
): Promise<string> {
  if (!input.stdin.isTTY) return firstLine(input.stdin);
  const first = await readHidden(input, question);
  if (confirm && (await readHidden(input, 'again: ')) !== first) {
    throw new EngineError('BAD_REQUEST', 'the two passwords differ');
  }
  return first;
}
