// The stale-response guard: when requests for the same thing overlap (the operator zooms
// twice before the first answer arrives), only the newest may apply. Answers and errors of
// superseded requests are dropped, whatever order they come back in.

export type Outcome<T> = { current: true; value: T } | { current: false };

export class LatestRequest {
  private seq = 0;

  /** Starts a request and returns its ticket; every older ticket becomes stale. */
  begin(): number {
    return ++this.seq;
  }

  isCurrent(ticket: number): boolean {
    return ticket === this.seq;
  }

  /** Makes every request in flight stale (the view went away, the input was cleared). */
  invalidate(): void {
    this.seq++;
  }

  /**
   * Runs `load` as the newest request. Resolves with its value while it is still the newest
   * when it settles, with `{ current: false }` once a newer one has begun; rejects only with
   * the error of a request that is still current.
   */
  async run<T>(load: () => Promise<T>): Promise<Outcome<T>> {
    const ticket = this.begin();
    try {
      const value = await load();
      return this.isCurrent(ticket) ? { current: true, value } : { current: false };
    } catch (err) {
      if (this.isCurrent(ticket)) throw err;
      return { current: false };
    }
  }
}
