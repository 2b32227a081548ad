// What Settings → Sources is editing, and the contract parameters it becomes: checked with the
// shared schemas first, so a mistake is shown at its field without a round trip. A source's
// conversion is its kind's form's (source-forms.ts).
import type { ParamsIn } from '../../../../../shared/contract';
import type { SourceKindName } from '../../../../../shared/sources/source-kinds';
import { deviceParams, type DeviceDraft } from './device-drafts';
import type { Converted } from './draft-fields';
import { sourceForm, type SourceDraftOf } from './source-forms';

export type Editing =
  | { [K in SourceKindName]: { kind: K; draft: SourceDraftOf<K> } }[SourceKindName]
  | { kind: 'device'; draft: DeviceDraft };

/** Editing a source of some kind, with the draft its own form made. */
export function editingSource(kind: SourceKindName, draft: { id: string }): Editing {
  return { kind, draft } as Editing;
}

export function saveParams(e: Editing): Converted<ParamsIn<'sources.save'>> {
  if (e.kind === 'device') {
    const c = deviceParams(e.draft);
    return c.ok ? { ok: true, value: { kind: 'device', device: c.value } } : c;
  }
  const c = sourceForm(e.kind).params(e.draft);
  return c.ok ? { ok: true, value: { kind: e.kind, source: c.value } as ParamsIn<'sources.save'> } : c;
}

/** Devices have no connection to test. */
export function testParams(e: Editing): Converted<ParamsIn<'sources.test'>> | null {
  if (e.kind === 'device') return null;
  const saved = saveParams(e);
  if (!saved.ok) return saved;
  const v = saved.value;
  return 'source' in v ? { ok: true, value: { kind: v.kind, source: v.source } as ParamsIn<'sources.test'> } : null;
}
