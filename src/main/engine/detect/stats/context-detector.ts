// A contextual anomaly detector for one series, after the method of Mikhail Smirnov's Contextual
// Anomaly Detector (CAD OSE, the "contextOSE" entry of NAB), written afresh for this engine.
//
// Every reading becomes a handful of facts (the bits of its quantized value). The detector
// remembers contexts: pairs of a left fact set (what was true one step ago: the previous
// reading's facts plus the contexts that were active then) and a right fact set (what came
// next). Each step it
//   1. checks which remembered contexts whose left side was fully present a step ago now see
//      their right side fully present too (they are "active"), and which saw only part of it;
//   2. learns: a context that was seen at the zero level (whole previous group → whole current
//      reading) and now only half-fits spawns new, narrower contexts from the overlap;
//   3. predicts the next reading's facts from the contexts whose left side is fully present now,
//      keeping those with the best past hit rate.
// A reading whose facts were all predicted scores 0. Otherwise the score is
//   (1 − share of selected contexts that came true + share of candidate contexts that were new) / 2,
// so a reading that nothing remembered leads up to, and that forces new memory, scores high.
//
// Memory is bounded: at most `maxContexts` contexts per series (once full, known contexts keep
// learning their hit rates but no new ones are made), and the facts of a left side at most
// `maxLeftFacts` when narrowing.

export interface ContextDetectorOptions {
  /** Contexts remembered per series; once reached, no new ones are made. */
  maxContexts: number;
  /** Largest left side (in facts) a narrowed context may have. */
  maxLeftFacts: number;
  /** Active contexts that become facts of the next step's left side. */
  maxActive: number;
}

export const DEFAULT_CONTEXT_OPTIONS: Readonly<ContextDetectorOptions> = Object.freeze({
  maxContexts: 20_000,
  maxLeftFacts: 7,
  maxActive: 15,
});

/** Facts at or above this are active contexts (fact − NEURON = context id); below are value bits. */
const NEURON = 1 << 24;

interface Semi {
  facts: number[];
  /** How many of its facts the last crossing of its side found present. */
  hits: number;
  /** Left semi-contexts only: right semi id → context id. */
  next: Map<number, number> | null;
  /** Left semi-contexts only: [right semi id, context id] of its contexts seen as a whole step. */
  whole: number[] | null;
}

interface Context {
  /** Facts the context was asked to predict (sum of its right side's sizes when selected). */
  asked: number;
  /** Of those, facts that turned up. */
  got: number;
  /** Times its right side came fully true. */
  fired: number;
  right: number;
  /** Seen as a whole step (previous group → current reading). */
  whole: boolean;
}

export class ContextDetector {
  readonly options: ContextDetectorOptions;
  private readonly semis: [Semi[], Semi[]] = [[], []];
  private readonly semiByKey: [Map<string, number>, Map<string, number>] = [new Map(), new Map()];
  private readonly byFact: [Map<number, Semi[]>, Map<number, Semi[]>] = [new Map(), new Map()];
  /** Per side, the semi-contexts the last crossing touched, and those it found fully present. */
  private crossed: [Semi[], Semi[]] = [[], []];
  private full: [Semi[], Semi[]] = [[], []];
  private readonly contexts: Context[] = [];
  private justMade = -1;
  private leftGroup: number[] = [];
  private predicted = new Set<number>();

  constructor(opts: Partial<ContextDetectorOptions> = {}) {
    this.options = { ...DEFAULT_CONTEXT_OPTIONS, ...opts };
  }

  /** Contexts remembered so far. */
  get size(): number {
    return this.contexts.length;
  }

  /**
   * Learns one reading, given as its facts (small non-negative integers, sorted, distinct), and
   * returns its raw surprise in [0, 1]: 0 when every fact was predicted.
   */
  step(facts: readonly number[]): number {
    let missed = false;
    for (const f of facts) if (!this.predicted.has(f)) missed = true;

    const prev = this.leftGroup;
    let madeWhole = false;
    if (prev.length > 0 && facts.length > 0) madeWhole = this.remember(prev, facts, true) === 1;

    // What came true of what the previous step's full left sides led to.
    this.cross(1, facts);
    let selected = 0;
    const active: number[] = [];
    const narrower: Array<[number[], number[]]> = [];
    const maxLeft = this.options.maxLeftFacts;
    for (const left of this.full[0]) {
      for (const [rid, cid] of left.next!) {
        if (cid === this.justMade) continue;
        const c = this.contexts[cid]!;
        const right = this.semis[1][rid]!;
        const got = right.hits;
        selected++;
        c.asked += right.facts.length;
        if (got === 0) continue;
        c.got += got;
        if (got === right.facts.length) {
          c.fired++;
          active.push(cid);
        } else if (c.whole && madeWhole && left.hits <= maxLeft) {
          narrower.push([left.facts, intersect(right.facts, facts)]);
        }
      }
    }
    if (madeWhole) {
      // Contexts seen as whole steps whose left side was only partly present: their overlap
      // with what happened may be a narrower context worth remembering.
      for (const left of this.crossed[0]) {
        if (left.hits === left.facts.length || left.hits > maxLeft) continue;
        const whole = left.whole!;
        for (let i = 0; i < whole.length; i += 2) {
          if (whole[i + 1] === this.justMade) continue;
          const right = this.semis[1][whole[i]!]!;
          if (right.hits > 0) narrower.push([intersect(left.facts, prev), intersect(right.facts, facts)]);
        }
      }
    }
    this.justMade = -1;
    const trueShare = selected > 0 ? active.length / selected : 0;

    // The most proven active contexts join this reading's facts as the next left side.
    const group = facts.slice();
    for (const cid of this.strongest(active)) group.push(NEURON + cid);
    group.sort((x, y) => x - y);
    this.leftGroup = group;

    let made = 0;
    for (const [l, r] of narrower) made += this.remember(l, r, false);
    this.predict(group);
    if (madeWhole) made++;
    let newShare = 0;
    if (madeWhole) {
      // Candidates only exist when the whole step was new (narrowing needs one).
      const candidates = new Set<string>([pairKey(prev, facts)]);
      for (const [l, r] of narrower) candidates.add(pairKey(l, r));
      newShare = made / candidates.size;
    }
    return missed ? (1 - trueShare + newShare) / 2 : 0;
  }

  /** The `maxActive` active contexts that fired most often (ties: the older first). */
  private strongest(active: number[]): number[] {
    const k = this.options.maxActive;
    if (active.length <= k) return active;
    // Insertion into a short list kept best-first: k is small, active lists can be long.
    const best: number[] = [];
    const fired = (cid: number): number => this.contexts[cid]!.fired;
    for (const cid of active) {
      const f = fired(cid);
      if (best.length === k) {
        const last = best[k - 1]!;
        const fl = fired(last);
        if (f < fl || (f === fl && cid > last)) continue;
        best.pop();
      }
      let i = best.length;
      while (i > 0 && (fired(best[i - 1]!) < f || (fired(best[i - 1]!) === f && best[i - 1]! > cid))) i--;
      best.splice(i, 0, cid);
    }
    return best;
  }

  /** Finds or makes the context left → right; returns 1 when it was made. */
  private remember(left: readonly number[], right: readonly number[], whole: boolean): number {
    const l = this.semi(0, left);
    const r = this.semi(1, right);
    if (l < 0 || r < 0) return 0;
    const ls = this.semis[0][l]!;
    const known = ls.next!.get(r);
    if (known !== undefined) {
      const c = this.contexts[known]!;
      if (whole && !c.whole) {
        c.whole = true;
        ls.whole!.push(r, known);
      }
      return 0;
    }
    if (this.contexts.length >= this.options.maxContexts) return 0;
    const id = this.contexts.length;
    this.contexts.push({ asked: 0, got: 0, fired: 0, right: r, whole });
    ls.next!.set(r, id);
    if (whole) {
      ls.whole!.push(r, id);
      this.justMade = id;
    }
    return 1;
  }

  /** The id of the semi-context with these facts on one side, made on first sight (−1 when memory is full). */
  private semi(side: 0 | 1, facts: readonly number[]): number {
    const key = facts.join(',');
    const known = this.semiByKey[side].get(key);
    if (known !== undefined) return known;
    if (this.contexts.length >= this.options.maxContexts) return -1;
    const id = this.semis[side].length;
    const s: Semi = {
      facts: facts.slice(),
      hits: 0,
      next: side === 0 ? new Map() : null,
      whole: side === 0 ? [] : null,
    };
    this.semis[side].push(s);
    this.semiByKey[side].set(key, id);
    const index = this.byFact[side];
    for (const f of s.facts) {
      const list = index.get(f);
      if (list) list.push(s);
      else index.set(f, [s]);
    }
    return id;
  }

  /** Counts, on one side, how many facts of each semi-context are present now. */
  private cross(side: 0 | 1, facts: readonly number[]): void {
    for (const s of this.crossed[side]) s.hits = 0;
    const touched: Semi[] = [];
    const full: Semi[] = [];
    const index = this.byFact[side];
    for (const f of facts) {
      const list = index.get(f);
      if (!list) continue;
      for (const s of list) {
        if (s.hits++ === 0) touched.push(s);
        if (s.hits === s.facts.length) full.push(s);
      }
    }
    this.crossed[side] = touched;
    this.full[side] = full;
  }

  /** Predicts the next reading's facts: the right sides of the best-scoring fully present contexts. */
  private predict(group: number[]): void {
    this.cross(0, group);
    let best = 0;
    let chosen: number[] = [];
    for (const left of this.full[0]) {
      for (const cid of left.next!.values()) {
        const c = this.contexts[cid]!;
        const w = c.asked > 0 ? c.got / c.asked : 0;
        if (w > best) {
          best = w;
          chosen = [cid];
        } else if (w === best) chosen.push(cid);
      }
    }
    const p = new Set<number>();
    for (const cid of chosen) for (const f of this.semis[1][this.contexts[cid]!.right]!.facts) p.add(f);
    this.predicted = p;
  }
}

/** The common members of two sorted lists. */
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      out.push(a[i]!);
      i++;
      j++;
    }
  }
  return out;
}

function pairKey(left: readonly number[], right: readonly number[]): string {
  return `${left.join(',')}|${right.join(',')}`;
}

/**
 * The facts of a quantized value: one fact per binary digit (position and digit), at least
 * `minBits` digits, more for larger bins; a negative bin adds a sign fact.
 */
export function binFacts(bin: number, minBits: number, out: number[]): number[] {
  out.length = 0;
  let b = Math.abs(bin);
  for (let pos = 0; pos < minBits || b > 0; pos++) {
    out.push(2 * pos + (b & 1));
    b = Math.floor(b / 2);
  }
  if (bin < 0) out.push(1000);
  out.sort((a, c) => a - c);
  return out;
}
