// Level 4 of the display hierarchy, a signal's trend, as a URL: `#device/<id>/<signal>` (and
// `…@<epoch ms>` at an alarm's time). The store keeps the Device route's tail as it reads it
// (store/view-slice.ts), so `<id>/<signal>` arrives here whole and is split: a device id never
// holds '/' (domain.ts), so the first '/' ends the id, and old links without a signal read as
// before. Kept out of the first view's routing on purpose (docs/developer-guide.md: Bundle budget).

export function splitSignalRoute(route: string): { deviceId: string; signal: string | null } {
  const cut = route.indexOf('/');
  return cut < 0
    ? { deviceId: route, signal: null }
    : { deviceId: route.slice(0, cut), signal: route.slice(cut + 1) || null };
}
