import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../../../shared/errors';
import { auditErrorText, detailsSummary, periodFrom } from './audit-format';

describe('audit tab wording', () => {
  it('turns a refusal into who may read the trail', () => {
    expect(auditErrorText(new EngineError('FORBIDDEN', 'role viewer below admin'))).toBe(
      'Only an administrator can read the audit trail.',
    );
    expect(auditErrorText(new EngineError('UNAVAILABLE', 'engine stopping'))).toBe('engine stopping');
  });

  it('summarises changes, errors and parameters in one line', () => {
    expect(detailsSummary({ params: {}, changes: { 'mqtt.a.url': [1, 2], 'mqtt.a.qos': [0, 1] } })).toBe(
      'changed mqtt.a.url, mqtt.a.qos',
    );
    expect(detailsSummary({ params: { id: 3 }, error: { code: 'FORBIDDEN', message: 'no' } })).toBe('FORBIDDEN: no');
    expect(detailsSummary({ params: { id: 3, comment: 'ok' } })).toBe('{"id":3,"comment":"ok"}');
  });

  it('starts a period that far back, and all of it without a start', () => {
    expect(periodFrom('hour', 10_000_000)).toBe(6_400_000);
    expect(periodFrom('all', 10_000_000)).toBeUndefined();
  });
});
