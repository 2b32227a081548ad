// Records handed to the pipeline but not yet durable, oldest first: how many the engine holds
// uncommitted and how far behind the cluster it is. Tracked per chunk of records, since a
// chunk's offsets move together.
export class PendingRecords {
  private readonly chunks: { at: number; records: number; done: boolean }[] = [];
  private total = 0;

  get count(): number {
    return this.total;
  }

  track(at: number, records: number, durable: Promise<unknown>): void {
    const entry = { at, records, done: false };
    this.chunks.push(entry);
    this.total += records;
    const settle = () => {
      entry.done = true;
      this.total -= records;
      while (this.chunks.length > 0 && this.chunks[0]!.done) this.chunks.shift();
    };
    durable.then(settle, settle);
  }

  lagMs(now: number): number {
    return this.chunks.length > 0 ? now - this.chunks[0]!.at : 0;
  }
}
