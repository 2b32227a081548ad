import { describe, expect, it } from 'vitest';
import { commandUsage, usageErrorHelp } from './command-usage';

const USAGE = `Watchfloor 1.0.0 — industrial telemetry control room

Usage:
  watchfloor serve   [--port N]
  watchfloor release keygen [--out DIR]
  watchfloor release sign MANIFEST --key FILE
                     [--staging PERCENT]
  watchfloor help

serve    runs the engine headless
         and serves the control room.
release  the update-signing tools
         (docs/releases.md).

Options:
  --port N         HTTP port
  --key FILE       release sign: the private key`;

describe('a usage error’s help', () => {
  it('is the command’s own synopsis and paragraph, and where the rest is', () => {
    expect(usageErrorHelp(USAGE, 'release')).toBe(
      [
        'Usage:',
        '  watchfloor release keygen [--out DIR]',
        '  watchfloor release sign MANIFEST --key FILE',
        '                     [--staging PERCENT]',
        '',
        'release  the update-signing tools',
        '         (docs/releases.md).',
        '',
        'Run "watchfloor help" for every command and option.',
      ].join('\n'),
    );
  });

  it('is the whole help for an unknown or missing command', () => {
    expect(commandUsage(USAGE, 'frobnicate')).toBeNull();
    expect(usageErrorHelp(USAGE, 'frobnicate')).toBe(USAGE);
    expect(usageErrorHelp(USAGE, undefined)).toBe(USAGE);
  });
});
