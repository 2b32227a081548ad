// Writes fault labels as JSON Lines, one line per fault as soon as it is over, synchronously:
// a run killed outright still leaves every label written before it, each line whole.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { FaultLabel } from './fault';

export interface LabelSink {
  write(label: FaultLabel): void;
}

export class LabelFile implements LabelSink {
  private fd: number | undefined;

  /** Creates or empties `path`: a file describes one run. */
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(label: FaultLabel): void {
    if (this.fd === undefined) throw new Error(`label file ${this.path} is closed`);
    writeSync(this.fd, `${JSON.stringify(label)}\n`);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
