// The Assistant form gives back what the engine gave it, and refuses what the engine would,
// naming the same fields.
import { describe, expect, it } from 'vitest';
import { AssistantConfig } from '../../../../../shared/contract/assistant';
import { addFolder, fromDraft, toDraft } from './assistant-draft';

const defaults = AssistantConfig.parse({});

describe('assistant settings draft', () => {
  it('turns the settings into a draft and back unchanged', () => {
    const config = AssistantConfig.parse({
      enabled: false,
      baseUrl: 'http://10.0.0.5:11434',
      chatModel: 'qwen2.5:7b',
      embeddingModel: '',
      folders: ['/srv/runbooks', 'D:\\Plant\\SOP'],
      reports: { enabled: false, minPriority: 'critical', perMinute: 3, queueLimit: 50 },
      firstTokenTimeoutMs: 90_000,
    });
    const draft = toDraft(config);
    expect(draft.firstTokenTimeout).toBe('90');
    expect(fromDraft(draft)).toEqual({ ok: true, value: config });
    expect(fromDraft(toDraft(defaults))).toEqual({ ok: true, value: defaults });
  });

  it('reads seconds with decimals for the first-token timeout', () => {
    const r = fromDraft({ ...toDraft(defaults), firstTokenTimeout: '2.5' });
    expect(r.ok && r.value.firstTokenTimeoutMs).toBe(2500);
  });

  it('names each wrong field by the path the engine uses', () => {
    const r = fromDraft({
      ...toDraft(defaults),
      baseUrl: 'http://user:pw@host:11434',
      chatModel: ' ',
      perMinute: '6x',
      queueLimit: '9999',
      firstTokenTimeout: '',
      folders: ['/ok', 'relative/runbooks'],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual([
      'baseUrl',
      'chatModel',
      'firstTokenTimeoutMs',
      'folders.1',
      'reports.perMinute',
      'reports.queueLimit',
    ]);
    expect(r.errors['reports.perMinute']).toBe('enter a whole number');
    expect(r.errors['chatModel']).toBe('name a chat model');
  });

  it('adds a folder once, trimmed, and ignores an empty one', () => {
    const d = toDraft(defaults);
    const one = addFolder(d, '  /srv/runbooks ');
    expect(one.folders).toEqual(['/srv/runbooks']);
    expect(addFolder(one, '/srv/runbooks')).toBe(one);
    expect(addFolder(one, '   ')).toBe(one);
  });
});
