// A rate from a growing counter, sampled now and then: messages per second of a source, readings
// stored per second of the engine. On its own so that sources need nothing else of the engine.

/** Samples a monotonically growing counter to report its rate over the last minute. */
export class RateMeter {
  private samples: [number, number][] = [];

  constructor(private readonly windowMs = 60_000) {}

  sample(now: number, value: number): void {
    this.samples.push([now, value]);
    while (this.samples.length > 2 && this.samples[1]![0] <= now - this.windowMs) this.samples.shift();
  }

  perSecond(): number {
    if (this.samples.length < 2) return 0;
    const [t0, v0] = this.samples[0]!;
    const [t1, v1] = this.samples[this.samples.length - 1]!;
    return t1 > t0 ? ((v1 - v0) * 1000) / (t1 - t0) : 0;
  }
}
