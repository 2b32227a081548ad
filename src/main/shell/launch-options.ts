// What the desktop app takes from its command line: the same --config, --data,
// --no-simulator and --new-state as `watchfloor serve`. Electron and Chromium add switches of their own,
// so unknown options are ignored rather than fatal.
import { parseArgs } from 'node:util';
import { configFromFlags, type ConfigPatch } from '../engine/config/load-config';

export interface LaunchOptions {
  configFile: string | undefined;
  flags: ConfigPatch;
  /** Replace a missing or damaged state.db instead of refusing to start (state-file.ts). */
  newState: boolean;
}

/** `argv` is process.argv without the executable (in development it starts with the app path). */
export function parseLaunchOptions(argv: readonly string[]): LaunchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      data: { type: 'string' },
      'no-simulator': { type: 'boolean' },
      'new-state': { type: 'boolean' },
    },
  });
  return {
    configFile: typeof values.config === 'string' && values.config ? values.config : undefined,
    flags: configFromFlags({ data: values.data, 'no-simulator': values['no-simulator'] }),
    newState: values['new-state'] === true,
  };
}
