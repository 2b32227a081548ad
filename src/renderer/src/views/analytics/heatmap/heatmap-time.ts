// How a bucket's time reads on the heatmap's axis and tooltip: local time in this screen's clock
// format (Settings → Display: the locale's own, 24 h or 12 h), with the zone, and without the
// hour for day buckets. The buckets themselves are UTC hours and days (the rollups'), which the
// title's range says.
import type { HeatmapBucket } from '../../../../../shared/contract/analytics';
import type { ClockFormat } from '../../../store/display-prefs';

export function bucketTimeFormat(bucket: HeatmapBucket, clock: ClockFormat): (ts: number) => string {
  const cycle = clock === 'locale' ? {} : { hourCycle: clock };
  const f = new Intl.DateTimeFormat(
    undefined,
    bucket === 'day'
      ? { month: 'short', day: 'numeric', timeZone: 'UTC', timeZoneName: 'short' }
      : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', ...cycle },
  );
  return (ts) => f.format(ts);
}
