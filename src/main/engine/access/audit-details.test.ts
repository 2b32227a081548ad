import { describe, expect, it } from 'vitest';
import { diff, redact, targetOf } from './audit-details';

describe('what an audit entry keeps of a call', () => {
  it('masks secrets wherever they are, and every header value', () => {
    const params = {
      kind: 'webhook',
      channel: {
        url: 'https://hooks.example/x',
        hmacSecret: 's3cr3t',
        headers: { 'X-Api': 'abc', Accept: 'json' },
        smtp: { user: 'ops', password: 'pw', apiKey: 'k' },
        token: '',
        hasPassword: true,
      },
      authorization: 'Bearer zzz',
    };
    const out = redact(params) as typeof params;
    expect(JSON.stringify(out)).not.toMatch(/s3cr3t|"abc"|"pw"|"k"|zzz/);
    expect(out.channel).toMatchObject({
      url: 'https://hooks.example/x',
      hmacSecret: '***',
      headers: { 'X-Api': '***', Accept: '***' },
      smtp: { user: 'ops', password: '***', apiKey: '***' },
      token: '',
      hasPassword: true,
    });
    expect(out.authorization).toBe('***');
  });

  it('summarises a big payload as its size and line count', () => {
    const content = Array.from({ length: 500 }, (_, i) => `{"line":${i}}`).join('\n');
    expect(redact({ format: 'jsonl', content })).toEqual({
      format: 'jsonl',
      content: { summary: `${Buffer.byteLength(content)} bytes, 500 lines` },
    });
  });

  it('keeps only what changed, by id, with a changed password shown as changed', () => {
    const before = {
      mqtt: [
        { id: 'a', url: 'mqtt://x', password: { set: true } },
        { id: 'b', qos: 0 },
      ],
    };
    const after = {
      mqtt: [
        { id: 'b', qos: 1 },
        { id: 'a', url: 'mqtt://y', password: 'new-one' },
      ],
    };
    const { changes } = diff(before, after);
    expect(changes).toEqual({
      'mqtt.a.url': ['mqtt://x', 'mqtt://y'],
      'mqtt.a.password': ['***', '*** (changed)'],
      'mqtt.b.qos': [0, 1],
    });
    expect(JSON.stringify(changes)).not.toContain('new-one');
  });

  it('names the target: an alarm, a source inside the parameters, a list of ids', () => {
    expect(targetOf({ id: 42, comment: 'x' })).toBe('42');
    expect(targetOf({ kind: 'mqtt', source: { id: 'line-7', url: 'u' } })).toBe('line-7');
    expect(targetOf({ ids: [1, 2, 3] })).toBe('1, 2, 3');
    expect(targetOf({})).toBeNull();
  });
});
