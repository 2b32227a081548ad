// Min/max downsampling: each bucket keeps its lowest and highest point, in time order, so a
// spike is never lost however far the view is zoomed out.

export function downsampleMinMax(ts: number[], value: number[], maxPoints: number): [number[], number[]] {
  const n = ts.length;
  if (n <= maxPoints) return [ts, value];
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const outTs: number[] = [];
  const outValue: number[] = [];
  const t0 = ts[0]!;
  const span = ts[n - 1]! - t0 || 1;
  let i = 0;
  for (let b = 0; b < buckets; b++) {
    const end = b === buckets - 1 ? Infinity : t0 + ((b + 1) * span) / buckets;
    let minI = -1;
    let maxI = -1;
    for (; i < n && ts[i]! < end; i++) {
      if (minI < 0 || value[i]! < value[minI]!) minI = i;
      if (maxI < 0 || value[i]! > value[maxI]!) maxI = i;
    }
    if (minI < 0) continue;
    const first = Math.min(minI, maxI);
    const second = Math.max(minI, maxI);
    outTs.push(ts[first]!);
    outValue.push(value[first]!);
    if (second !== first) {
      outTs.push(ts[second]!);
      outValue.push(value[second]!);
    }
  }
  return [outTs, outValue];
}
