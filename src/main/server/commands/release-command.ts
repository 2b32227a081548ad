// `watchfloor release keygen | sign | verify | bundle`: the tools IT and the release manager use
// around electron-builder's output. keygen makes the Ed25519 release key pair once; sign sets a
// manifest's staged-rollout percentage and release notes, then writes its detached signature;
// verify makes a station's checks on a release folder (signature, then each file's size and
// sha512); bundle copies one platform's signed release into an offline bundle for a site
// without network. Signatures are src/main/release/signature.ts; procedure: docs/releases.md.
//
// The private key is read only by `sign`, from the file named on its command line; nothing is
// kept or copied. verify and bundle trust the public key the app ships (build/ beside the app,
// or the packaged app's resources) unless --key names another.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EngineError } from '../../../shared/errors';
import { makeOfflineBundle, ReleaseRefused } from '../../release/offline-bundle';
import { checkRelease, reportLines } from '../../release/release-check';
import {
  changeManifest,
  parseReleaseManifest,
  platformOf,
  RELEASE_CHANNELS,
  RELEASE_PLATFORMS,
  type ManifestChanges,
  type ReleaseChannel,
  type ReleasePlatform,
} from '../../release/release-manifest';
import { generateReleaseKeyPair, keyIdOf, signManifest, SIGNATURE_SUFFIX } from '../../release/signature';
import {
  expectArgs,
  stringOption,
  UsageError,
  type Command,
  type CommandContext,
  type OptionValues,
} from './command-line';

const ACTIONS = ['keygen', 'sign', 'verify', 'bundle'] as const;
type Action = (typeof ACTIONS)[number];

/** The options each action takes; any other is a usage error rather than silently ignored. */
const ACTION_OPTIONS: Record<Action, string[]> = {
  keygen: ['out'],
  sign: ['key', 'staging', 'notes'],
  verify: ['key', 'json'],
  bundle: ['from', 'out', 'platform', 'channel', 'key', 'json'],
};

export const PRIVATE_KEY_FILE = 'release.key';
export const PUBLIC_KEY_FILE = 'update-signing-key.pem';

/** Writes through a temporary file and a rename, so a reader never sees half a manifest or signature. */
function writeAtomically(path: string, content: string | Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, path);
}

function readBytes(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new EngineError('NOT_FOUND', `cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
}

const readText = (path: string, what: string): string => readBytes(path, what).toString('utf8');

/** The public key the app ships: the packaged app's resources, else build/ of the app's folder. */
function shippedPublicKeyFile(ctx: CommandContext): string | undefined {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    resources && join(resources, PUBLIC_KEY_FILE),
    ctx.appDir && join(ctx.appDir, 'build', PUBLIC_KEY_FILE),
  ];
  return candidates.find((c): c is string => typeof c === 'string' && existsSync(c));
}

function publicKeyFor(keyOption: string | undefined, ctx: CommandContext): string {
  const file = keyOption ? resolve(keyOption) : shippedPublicKeyFile(ctx);
  if (!file) throw new UsageError(`no release public key found beside the app: name one with --key ${PUBLIC_KEY_FILE}`);
  const pem = readText(file, 'the release public key');
  // Checking needs only the public half; the private key has no business on this machine.
  if (pem.includes('PRIVATE KEY')) {
    throw new UsageError(`${file} is the private key: checks take the public key (${PUBLIC_KEY_FILE})`);
  }
  try {
    keyIdOf(pem);
  } catch (err) {
    throw new EngineError('BAD_REQUEST', `${file} is not an Ed25519 public key (${(err as Error).message})`);
  }
  return pem;
}

/** The git work tree a folder is in, if any: where a private key must not stay. */
function workTreeOf(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

function keygen(outOption: string | undefined, ctx: CommandContext): number {
  const out = resolve(outOption ?? '.');
  const privatePath = join(out, PRIVATE_KEY_FILE);
  const publicPath = join(out, PUBLIC_KEY_FILE);
  const existing = [privatePath, publicPath].find((p) => existsSync(p));
  if (existing) {
    throw new EngineError(
      'CONFLICT',
      `${existing} already exists: keygen never overwrites a key (stations trust the key they were built with)`,
    );
  }
  mkdirSync(out, { recursive: true, mode: 0o700 }); // a new folder: the owner's alone, like the key
  const pair = generateReleaseKeyPair();
  // 'wx': fail rather than replace a file that appeared meanwhile; 0600: the owner alone reads it.
  writeFileSync(privatePath, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(publicPath, pair.publicKeyPem, { mode: 0o644, flag: 'wx' });
  ctx.out(`release key ${pair.keyId}`);
  ctx.out(`  private: ${privatePath} (owner only)`);
  ctx.out(`  public:  ${publicPath}`);
  ctx.out(
    `Copy ${PUBLIC_KEY_FILE} into build/ before building installers; keep ${PRIVATE_KEY_FILE} offline — it is never committed.`,
  );
  const tree = workTreeOf(out);
  if (tree) ctx.status.log(`warning: ${privatePath} is inside the git work tree ${tree}: move it offline now`);
  return 0;
}

function stagingOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{1,3})\s*%?$/.exec(value.trim());
  const n = match ? Number(match[1]) : NaN;
  if (!(n >= 0 && n <= 100)) throw new UsageError(`--staging takes a whole percentage, 0 to 100 (not "${value}")`);
  return n;
}

function warnIfShared(keyFile: string, ctx: CommandContext): void {
  if (ctx.platform === 'win32') return;
  if ((statSync(keyFile).mode & 0o077) !== 0) {
    ctx.status.log(`warning: ${keyFile} can be read by other users than its owner (chmod 600 it)`);
  }
}

/** sign takes the private key: a public key (or anything else) is said to be one before any warning about it. */
function assertPrivateKey(keyFile: string, pem: string): void {
  try {
    if (createPrivateKey(pem).asymmetricKeyType === 'ed25519') return;
  } catch {
    // not a private key: is it the public one?
  }
  let isPublic = false;
  try {
    isPublic = createPublicKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    // neither
  }
  throw new EngineError(
    'BAD_REQUEST',
    isPublic
      ? `${keyFile} is the public key: release sign takes the private key (${PRIVATE_KEY_FILE})`
      : `${keyFile} is not an Ed25519 private key (${PRIVATE_KEY_FILE}, made by watchfloor release keygen)`,
  );
}

function sign(manifestArg: string, values: OptionValues, ctx: CommandContext): number {
  const keyOption = stringOption(values, 'key');
  if (!keyOption) throw new UsageError(`release sign needs --key ${PRIVATE_KEY_FILE}`);
  const stagingPercentage = stagingOf(stringOption(values, 'staging'));
  const keyFile = resolve(keyOption);
  const privateKeyPem = readText(keyFile, 'the release key');
  assertPrivateKey(keyFile, privateKeyPem);
  warnIfShared(keyFile, ctx);
  const manifestPath = resolve(manifestArg);
  const label = basename(manifestPath);
  const original = readBytes(manifestPath, 'the release manifest');
  parseReleaseManifest(original, label);
  const notesFile = stringOption(values, 'notes');
  const changes: ManifestChanges = {
    stagingPercentage,
    releaseNotes: notesFile === undefined ? undefined : readText(resolve(notesFile), 'the release notes').trimEnd(),
  };
  const bytes = changeManifest(original, changes, label);
  const manifest = parseReleaseManifest(bytes, label);
  let signature: string;
  try {
    signature = signManifest(bytes, privateKeyPem);
  } catch (err) {
    throw new EngineError('BAD_REQUEST', `${keyFile} is not an Ed25519 private key (${(err as Error).message})`);
  }
  const keyId = (JSON.parse(signature) as { keyId: string }).keyId;
  if (bytes !== original) writeAtomically(manifestPath, bytes);
  writeAtomically(`${manifestPath}${SIGNATURE_SUFFIX}`, signature);
  const shipped = shippedPublicKeyFile(ctx);
  const shippedId = shipped ? keyIdOf(readFileSync(shipped, 'utf8')) : undefined;
  if (shippedId && shippedId !== keyId) {
    ctx.status.log(`warning: stations built with ${shipped} trust key ${shippedId}, not ${keyId}: they will refuse it`);
  }
  const staged = manifest.stagingPercentage === null ? '' : `, staged to ${manifest.stagingPercentage} %`;
  ctx.out(
    `signed ${label} (Watchfloor ${manifest.version}${staged}) with release key ${keyId}: ${label}${SIGNATURE_SUFFIX}`,
  );
  return 0;
}

async function verify(manifestArg: string, keyOption: string | undefined, json: boolean, ctx: CommandContext) {
  const manifestPath = resolve(manifestArg);
  readBytes(manifestPath, 'the release manifest');
  const report = await checkRelease(manifestPath, publicKeyFor(keyOption, ctx));
  if (json) ctx.out(JSON.stringify(report, null, 2));
  else reportLines(report).forEach((l) => ctx.out(l));
  return report.ok ? 0 : 1;
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new UsageError(`--${option} is one of ${allowed.join(', ')}`);
  return value as T;
}

async function bundle(values: OptionValues, json: boolean, ctx: CommandContext): Promise<number> {
  const from = stringOption(values, 'from');
  const out = stringOption(values, 'out');
  if (!from || !out) throw new UsageError('release bundle needs --from DIR --out DIR');
  const platform = oneOf<ReleasePlatform>(
    'platform',
    stringOption(values, 'platform'),
    RELEASE_PLATFORMS,
    platformOf(ctx.platform),
  );
  const channel = oneOf<ReleaseChannel>('channel', stringOption(values, 'channel'), RELEASE_CHANNELS, 'stable');
  const publicKeyPem = publicKeyFor(stringOption(values, 'key'), ctx);
  try {
    const result = await makeOfflineBundle({ from: resolve(from), out: resolve(out), platform, channel, publicKeyPem });
    if (json) {
      ctx.out(JSON.stringify({ ok: true, bundle: resolve(out), ...result }, null, 2));
    } else {
      reportLines(result.report).forEach((l) => ctx.out(l));
      ctx.out(`offline bundle of Watchfloor ${result.version} (${platform}, ${channel}): ${resolve(out)}`);
      ctx.out(`  ${result.files.join(', ')}`);
    }
    return 0;
  } catch (err) {
    if (!(err instanceof ReleaseRefused)) throw err;
    if (json) ctx.out(JSON.stringify({ ok: false, error: err.message, report: err.report }, null, 2));
    else reportLines(err.report).forEach((l) => ctx.out(l));
    throw err;
  }
}

export const releaseCommand: Command = {
  options: {
    out: { type: 'string' },
    key: { type: 'string' },
    staging: { type: 'string' },
    notes: { type: 'string' },
    from: { type: 'string' },
    platform: { type: 'string' },
    channel: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(line, ctx) {
    const [action, ...rest] = line.args;
    if (!ACTIONS.includes(action as Action)) {
      throw new UsageError(
        `release ${action ?? ''}: use one of ${ACTIONS.join(', ')}`.replace('release : ', 'release: '),
      );
    }
    const stray = Object.keys(line.values).find((o) => !ACTION_OPTIONS[action as Action].includes(o));
    if (stray) throw new UsageError(`release ${action} does not take --${stray}`);
    const args = { values: line.values, args: rest };
    const json = line.values.json === true;
    switch (action as Action) {
      case 'keygen':
        expectArgs(args, 'release keygen', []);
        return keygen(stringOption(line.values, 'out'), ctx);
      case 'sign':
        return sign(expectArgs(args, 'release sign', ['MANIFEST'])[0]!, line.values, ctx);
      case 'verify':
        return verify(
          expectArgs(args, 'release verify', ['MANIFEST'])[0]!,
          stringOption(line.values, 'key'),
          json,
          ctx,
        );
      case 'bundle':
        expectArgs(args, 'release bundle', []);
        return bundle(line.values, json, ctx);
    }
  },
};
