import { describe, expect, it } from 'vitest';
import type { StationReport } from '../../../shared/contract/station';
import { EngineError } from '../../../shared/errors';
import { MAX_QUEUED_REPORTS, StationReports } from './station-reports';

const event = (n: number, actor = 'station') =>
  ({
    actor,
    action: 'update.refused',
    outcome: 'refused',
    version: `1.${n}.0`,
    stationVersion: '1.0.0',
    message: `release ${n} refused`,
  }) as const;

describe('update reports to a central engine', () => {
  it('wait while nobody is signed in, keep the newest, and say how many were dropped when they go', async () => {
    let signedIn = false;
    const sent: StationReport[] = [];
    const reports = new StationReports({
      send: (report) => {
        if (!signedIn) return Promise.reject(new EngineError('UNAUTHORIZED', 'sign in to the central engine'));
        sent.push(report);
        return Promise.resolve({ recorded: true });
      },
      retryMs: 60_000,
    });
    for (let n = 1; n <= MAX_QUEUED_REPORTS + 3; n++) reports.add(event(n, n === 5 ? 'olga' : 'station'));
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual([]);
    expect(reports.waiting).toBe(MAX_QUEUED_REPORTS);

    signedIn = true;
    await reports.flush();
    reports.stop();
    expect(sent).toHaveLength(MAX_QUEUED_REPORTS);
    expect(sent[0]!.version).toBe('1.4.0');
    expect(sent[0]!.message).toBe(
      'release 4 refused (by the station itself) [3 earlier update events were not recorded: too many waited for a sign-in]',
    );
    expect(sent[1]!.message).toBe('release 5 refused (by olga on this station)');
    expect(sent.at(-1)!.version).toBe(`1.${MAX_QUEUED_REPORTS + 3}.0`);
    expect(reports.waiting).toBe(0);
  });

  it('drops a report the central engine refuses as malformed, and goes on with the next', async () => {
    const sent: string[] = [];
    const reports = new StationReports({
      send: (report) =>
        report.version === '1.1.0'
          ? Promise.reject(new EngineError('BAD_REQUEST', 'invalid'))
          : Promise.resolve(void sent.push(report.version ?? '')),
    });
    reports.add(event(1));
    reports.add(event(2));
    await reports.flush();
    expect(sent).toEqual(['1.2.0']);
  });
});
