// A refused save must put the engine's reasons on the fields they are about, whatever form
// sent it; anything else that went wrong marks no field.
import { describe, expect, it } from 'vitest';
import { badRequestIssues, fieldErrorsOf } from './bad-request';
import { EngineError } from './errors';
import { IN_PROCESS } from './rpc/call-context';
import { invokeRequest, type ContractHandlers } from './rpc/server';

/** The contract refuses these parameters before any handler runs. */
const NO_HANDLERS = { requests: {}, streams: {} } as unknown as ContractHandlers;

async function refusal(method: string, params: unknown): Promise<unknown> {
  return invokeRequest(NO_HANDLERS, method, params, IN_PROCESS).then(
    () => expect.unreachable('the contract should refuse these parameters'),
    (err: unknown) => err,
  );
}

describe('field errors from a BAD_REQUEST', () => {
  it('marks the field the contract refused, with its reason', async () => {
    const err = await refusal('rules.save', { device: 'd', signal: 's', rules: { limits: { lo: 10, hi: 5 } } });
    expect(fieldErrorsOf(err, 'rules')).toEqual({ 'rules.limits.hi': 'hi (5) must be above lo (10)' });
  });

  it('files a reason across fields under the form’s root, and keeps the first reason per field', () => {
    const err = new EngineError('BAD_REQUEST', 'not saved', {
      issues: [
        { path: '', message: 'offline is judged per device' },
        { path: 'source.url', message: 'a broker URL is needed' },
        { path: 'source.url', message: 'second reason' },
      ],
      parameter: 'url',
    });
    expect(fieldErrorsOf(err, '(root)')).toEqual({
      '(root)': 'offline is judged per device',
      'source.url': 'a broker URL is needed',
    });
  });

  it('marks nothing for other errors, or a refusal without reasons', () => {
    expect(fieldErrorsOf(new EngineError('NOT_FOUND', 'no alarm with id 3'), 'rules')).toEqual({});
    expect(fieldErrorsOf(new EngineError('BAD_REQUEST', 'shelving needs a reason'), 'rules')).toEqual({});
    expect(badRequestIssues(new Error('connection lost'))).toEqual([]);
    expect(badRequestIssues(new EngineError('BAD_REQUEST', 'odd', { issues: 'not a list' }))).toEqual([]);
  });
});
