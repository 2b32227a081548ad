import { describe, expect, it } from 'vitest';
import { parseLaunchOptions } from './launch-options';

describe('parseLaunchOptions', () => {
  it('reads --config, --data and --no-simulator, ignoring Electron’s own switches', () => {
    expect(
      parseLaunchOptions([
        '.',
        '--no-sandbox',
        '--config',
        'site.json',
        '--data=/srv/wf',
        '--no-simulator',
        '--new-state',
        '--enable-logging',
      ]),
    ).toEqual({
      configFile: 'site.json',
      flags: { dataDir: '/srv/wf', simulator: { enabled: false } },
      newState: true,
    });
  });

  it('gives an empty patch when nothing is passed', () => {
    expect(parseLaunchOptions(['/app/out/main/index.js'])).toEqual({
      configFile: undefined,
      flags: {},
      newState: false,
    });
  });
});
