// What every headless command shares: the options that locate the data and a running engine,
// strict parsing that turns a mistyped command line into a usage error (exit code 2), and
// configuration resolved the same way `serve` resolves it, so that `backup` and `serve` with
// the same flags agree on which data directory they mean.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../../engine/config/config-schema';
import { configFromFlags, loadConfig } from '../../engine/config/load-config';
import { EngineError } from '../../../shared/errors';
import { defaultDataDir } from '../user-data-dir';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** A command line that cannot be run as written; the CLI prints the usage and exits with 2. */
export class UsageError extends EngineError {
  constructor(message: string) {
    super('BAD_REQUEST', message);
    this.name = 'UsageError';
  }
}

/** Where the data is and where a running engine for it would answer. */
export const LOCATION_OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
} as const satisfies OptionSpecs;

export interface CommandContext {
  version: string;
  /** The built renderer, for `serve`; known only to the entry point (bundling moves files). */
  rendererDir: string;
  /** The app's folder (package.json, build/), where `release` finds the shipped public key. */
  appDir?: string;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** The command's result, for scripts: stdout. */
  out: (line: string) => void;
  /** Progress and diagnostics: stderr. */
  status: StatusOutput;
}

export interface StatusOutput {
  /** Replaces the transient progress line (a TTY) or prints it now and then (a pipe). */
  progress(text: string): void;
  /** A diagnostic line that stays. */
  log(message: string): void;
  /** Removes the transient progress line before the result is printed. */
  clear(): void;
}

export interface ParsedCommandLine {
  values: OptionValues;
  /** Positional arguments after the command name. */
  args: string[];
}

export interface Command {
  options: OptionSpecs;
  run(line: ParsedCommandLine, ctx: CommandContext): Promise<number>;
}

/** Strict parsing: an unknown option or a missing value is a usage error, never ignored. */
export function parseCommandLine(argv: string[], options: OptionSpecs): ParsedCommandLine {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as OptionValues, args: positionals.slice(1) };
  } catch (err) {
    if (String((err as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError((err as Error).message);
    }
    throw err;
  }
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  if (Array.isArray(v)) return v[v.length - 1];
  return typeof v === 'string' ? v : undefined;
}

export function listOption(values: OptionValues, name: string): string[] {
  const v = values[name];
  const all = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return all
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

export function expectArgs(line: ParsedCommandLine, command: string, names: string[]): string[] {
  if (line.args.length < names.length) throw new UsageError(`${command} needs ${names.join(' ')}`);
  if (line.args.length > names.length) {
    throw new UsageError(`${command}: unexpected argument "${line.args[names.length]}"`);
  }
  return line.args;
}

/** Which of the location flags the command line named: `--port` names an engine to talk to. */
export interface GivenLocation {
  port: boolean;
  data: boolean;
}

const givenLocations = new WeakMap<Config, GivenLocation>();

/** What resolveConfig saw on the command line for this configuration (nothing, for one made elsewhere). */
export function givenLocation(config: Config): GivenLocation {
  return givenLocations.get(config) ?? { port: false, data: false };
}

/**
 * Defaults ← file ← environment ← flags, like `serve`. The data directory comes back as its
 * real path: it is compared with what a running engine reports and sent to it in requests.
 */
export function resolveConfig(values: OptionValues, ctx: CommandContext): Config {
  const flags = Object.fromEntries(Object.entries(values).filter(([, v]) => !Array.isArray(v))) as Record<
    string,
    string | boolean | undefined
  >;
  const config = loadConfig({
    file: stringOption(values, 'config'),
    env: ctx.env,
    flags: configFromFlags(flags),
    defaultDataDir: defaultDataDir(ctx.platform, ctx.env),
  });
  givenLocations.set(config, {
    port: stringOption(values, 'port') !== undefined,
    data: stringOption(values, 'data') !== undefined,
  });
  return config;
}

/** A moment for a listing: ISO time to the second, or "-" for never. */
export function isoTime(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Rows of cells as lines of aligned columns, two spaces apart. */
export function alignedLines(rows: readonly (readonly string[])[]): string[] {
  const widths = rows.reduce((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), [] as number[]);
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}
