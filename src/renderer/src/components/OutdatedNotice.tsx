// The header's one notice that the page is out of date: the engine was updated while the page
// was open, and a part of the contract's code the page asked for is gone (result-resolver.ts).
// Views say what they could not do; only this says why, once, and offers the reload that fixes
// it. Caution, not alarm: nothing on the plant is wrong.
import { useAppStore } from '../store/app-store';

export function OutdatedNotice() {
  const outdated = useAppStore((s) => s.pageOutdated);
  if (!outdated) return null;
  return (
    <span className="page-outdated" role="alert" data-testid="page-outdated">
      This page is out of date —
      <button type="button" className="page-outdated-reload" onClick={() => location.reload()}>
        Reload
      </button>
    </span>
  );
}
