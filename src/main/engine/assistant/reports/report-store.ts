// Alarm reports in state.db (`alarm_reports`, one row per alarm: the newest report). The report
// is kept as its JSON; source and creation time are columns for queries; the operator's feedback
// is in its own columns, so giving feedback never rewrites the report.
//
// Decisions:
// - save() replaces the alarm's report and with it any feedback: feedback was given on the old
//   report's words, not the new one's.
// - A stored report that no longer parses (a later Watchfloor wrote fields this one does not
//   know, or the JSON was damaged) reads as no report, rather than failing the alarm's details.
import { AlarmReport } from '../../../../shared/contract/assistant';
import { EngineError } from '../../../../shared/errors';
import type { StateDb } from '../../state/state-db';

interface ReportRow {
  report: string;
  useful: number | null;
  feedback_by: string | null;
  feedback_at: number | null;
  feedback_comment: string | null;
}

export class ReportStore {
  private readonly stmts;

  constructor(db: StateDb) {
    this.stmts = {
      get: db.prepare(
        'SELECT report, useful, feedback_by, feedback_at, feedback_comment FROM alarm_reports WHERE alarm_id = ?',
      ),
      has: db.prepare('SELECT 1 FROM alarm_reports WHERE alarm_id = ?').pluck(),
      save: db.prepare(
        `INSERT OR REPLACE INTO alarm_reports
           (alarm_id, report, source, created_at, useful, feedback_by, feedback_at, feedback_comment)
         VALUES (@alarmId, @report, @source, @createdAt, @useful, @by, @at, @comment)`,
      ),
      feedback: db.prepare(
        `UPDATE alarm_reports SET useful = ?, feedback_comment = ?, feedback_by = ?, feedback_at = ?
         WHERE alarm_id = ?`,
      ),
    };
  }

  get(alarmId: number): AlarmReport | undefined {
    const row = this.stmts.get.get(alarmId) as ReportRow | undefined;
    if (!row) return undefined;
    let parsed: AlarmReport;
    try {
      parsed = AlarmReport.parse(JSON.parse(row.report));
    } catch {
      return undefined;
    }
    const feedback =
      row.useful !== null && row.feedback_by !== null && row.feedback_at !== null
        ? { useful: row.useful === 1, comment: row.feedback_comment, by: row.feedback_by, at: row.feedback_at }
        : null;
    return { ...parsed, feedback };
  }

  has(alarmId: number): boolean {
    return this.stmts.has.get(alarmId) !== undefined;
  }

  /** Stores the alarm's report in place of any earlier one (feedback on the earlier one goes with it). */
  save(report: AlarmReport): void {
    const { feedback, ...rest } = report;
    this.stmts.save.run({
      alarmId: report.alarmId,
      report: JSON.stringify({ ...rest, feedback: null }),
      source: report.source,
      createdAt: Math.round(report.createdAt),
      useful: feedback ? (feedback.useful ? 1 : 0) : null,
      by: feedback?.by ?? null,
      at: feedback?.at ?? null,
      comment: feedback?.comment ?? null,
    });
  }

  /** Records whether the report was useful; NOT_FOUND when the alarm has no report. */
  feedback(alarmId: number, useful: boolean, comment: string | null, by: string, at: number): AlarmReport {
    const changed = this.stmts.feedback.run(useful ? 1 : 0, comment, by, at, alarmId).changes;
    const report = changed > 0 ? this.get(alarmId) : undefined;
    if (!report) throw new EngineError('NOT_FOUND', `Alarm ${alarmId} has no report to give feedback on`);
    return report;
  }
}
