// Where the assistant's configuration comes from: the configuration file's `assistant` section
// gives the start; a save from Settings → Assistant stores a complete copy in state.db that
// overrides the file's section as a whole until it is reset (as notification settings do). The
// assistant has no secrets: Ollama is reached without credentials (a site that fronts it with a
// proxy that needs them puts the proxy on the engine's machine).
import { AssistantConfig, type AssistantSettings } from '../../../shared/contract/assistant';
import type { StateDb } from '../state/state-db';

const KEY = 'assistant';

export class AssistantSettingsStore {
  private stored: { config: AssistantConfig; updatedAt: number } | undefined;

  constructor(
    private readonly db: StateDb,
    private readonly file: AssistantConfig,
    log: (message: string) => void,
  ) {
    this.stored = load(db, log);
  }

  get config(): AssistantConfig {
    return this.stored?.config ?? this.file;
  }

  view(): AssistantSettings {
    return this.stored
      ? { config: this.stored.config, source: 'settings', updatedAt: this.stored.updatedAt }
      : { config: this.file, source: 'file', updatedAt: null };
  }

  save(config: AssistantConfig, at: number): AssistantSettings {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(KEY, JSON.stringify({ config, updatedAt: at }));
    this.stored = { config, updatedAt: at };
    return this.view();
  }

  reset(): AssistantSettings {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(KEY);
    this.stored = undefined;
    return this.view();
  }
}

function load(db: StateDb, log: (m: string) => void): { config: AssistantConfig; updatedAt: number } | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return undefined;
  try {
    const raw = JSON.parse(row.value) as { config: unknown; updatedAt: number };
    const parsed = AssistantConfig.safeParse(raw.config);
    if (parsed.success) return { config: parsed.data, updatedAt: raw.updatedAt };
    log(`saved assistant settings are no longer valid (${parsed.error.issues[0]?.message}); using the file's`);
  } catch (err) {
    log(`saved assistant settings are unreadable (${String(err)}); using the file's`);
  }
  return undefined;
}
