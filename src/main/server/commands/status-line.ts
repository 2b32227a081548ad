// Progress on stderr: one line rewritten in place on a terminal, and a plain line every few
// seconds when stderr is a pipe or a log file (where carriage returns turn into noise).
// stdout stays reserved for the command's result.
import type { StatusOutput } from './command-line';

const PIPE_EVERY_MS = 2000;

export function createStatusLine(stream: NodeJS.WriteStream, clock: () => number = Date.now): StatusOutput {
  const tty = stream.isTTY === true;
  let shown = '';
  let lastPrinted = clock();

  const erase = () => {
    if (tty && shown) stream.write('\r\x1b[2K');
  };
  return {
    progress(text) {
      if (tty) {
        if (text === shown) return;
        erase();
        stream.write(text);
        shown = text;
        return;
      }
      const now = clock();
      if (now - lastPrinted < PIPE_EVERY_MS) return;
      lastPrinted = now;
      stream.write(`${text}\n`);
    },
    log(message) {
      erase();
      stream.write(`[watchfloor] ${message}\n`);
      if (tty && shown) stream.write(shown);
    },
    clear() {
      erase();
      shown = '';
    },
  };
}
