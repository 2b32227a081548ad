// Where the assistant's configuration comes from: the configuration file's `assistant` section
// gives the start; a save from Settings → Assistant stores a complete copy in state.db that
// overrides the file's section as a whole until it is reset (as notification settings do). The
// assistant has no secrets: Ollama is reached without credentials (a site that fronts it with a
// proxy that needs them puts the proxy on the engine's machine).
import { AssistantConfig, type AssistantSettings } from '../../../shared/contract/assistant';
import type { StateDb } from '../state/state-db';
import { clearSetting, loadSetting, saveSetting, type StoredSetting } from '../state/stored-setting';

const KEY = 'assistant';

export class AssistantSettingsStore {
  private stored: StoredSetting<AssistantConfig> | undefined;

  constructor(
    private readonly db: StateDb,
    private readonly file: AssistantConfig,
    log: (message: string) => void,
  ) {
    this.stored = loadSetting(db, KEY, AssistantConfig, 'assistant', log);
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
    saveSetting(this.db, KEY, config, at);
    this.stored = { config, updatedAt: at };
    return this.view();
  }

  reset(): AssistantSettings {
    clearSetting(this.db, KEY);
    this.stored = undefined;
    return this.view();
  }
}
