// Source and payload figures (Sources, Dead letters, Knowledge): apart from format.ts so the
// first view does not carry them.

/** Messages per second, with the decimals a slow source needs and a fast one does not. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '0/s';
  if (perSecond < 1) return `${perSecond.toFixed(2)}/s`;
  if (perSecond < 100) return `${perSecond.toFixed(1)}/s`;
  return `${perSecond.toFixed(0)}/s`;
}

/** A payload size in binary units, as the configuration reference states the limits (256 KiB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
