// electron-builder's release manifests (latest.yml, latest-linux.yml, beta-mac.yml…) as the release
// tools read and change them: the channel file's name for a platform and channel (the names
// electron-updater asks a feed for), the version and the files a manifest names, and the two
// fields a release manager sets before signing — stagingPercentage and releaseNotes.
//
// A manifest is refused unless it is one: a semver version and a non-empty `files` list whose
// entries are plain file names beside the manifest (electron-builder writes `url: <file name>`)
// with a sha512. A name with a path in it is refused too: the bundle copies what a manifest
// names, and a signed manifest must not be able to reach outside its folder.
import { dump, load } from 'js-yaml';
import { EngineError } from '../../shared/errors';

export const RELEASE_PLATFORMS = ['linux', 'win', 'mac'] as const;
export type ReleasePlatform = (typeof RELEASE_PLATFORMS)[number];
export const RELEASE_CHANNELS = ['stable', 'beta'] as const;
export type ReleaseChannel = (typeof RELEASE_CHANNELS)[number];

/** One file a manifest names: its name beside the manifest, sha512 (base64) and size when given. */
export interface ManifestFile {
  name: string;
  sha512: string;
  size: number | null;
}

export interface ReleaseManifest {
  version: string;
  files: ManifestFile[];
  releaseDate: string | null;
  stagingPercentage: number | null;
}

/**
 * The channel file electron-updater reads (and electron-builder writes): `latest` for stable, the
 * channel's name otherwise, then `-linux` / `-mac` (Windows has no suffix, for historical
 * reasons); a Linux build for another architecture than x64 adds it (`…-linux-arm64.yml`). The
 * one rule for the release tools and the station's updater.
 */
export function manifestFileName(channel: ReleaseChannel, platform: ReleasePlatform, arch = 'x64'): string {
  const base = channel === 'stable' ? 'latest' : channel;
  const suffix = platform === 'linux' ? `-linux${arch === 'x64' ? '' : `-${arch}`}` : platform === 'mac' ? '-mac' : '';
  return `${base}${suffix}.yml`;
}

/** The release platform this machine is, for defaults. */
export function platformOf(nodePlatform: NodeJS.Platform): ReleasePlatform {
  return nodePlatform === 'win32' ? 'win' : nodePlatform === 'darwin' ? 'mac' : 'linux';
}

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function notAManifest(label: string, why: string): EngineError {
  return new EngineError('BAD_REQUEST', `${label} is not a release manifest: ${why}`);
}

/** A name that stays beside the manifest: no folders, no `..`, not a URL. */
function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name) && !name.includes(':');
}

function readYaml(bytes: Buffer, label: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = load(bytes.toString('utf8'), { filename: label });
  } catch (err) {
    throw notAManifest(label, `it is not YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw notAManifest(label, 'it is not a YAML mapping');
  }
  return parsed as Record<string, unknown>;
}

function fileOf(entry: unknown, index: number, label: string): ManifestFile {
  const e = (entry ?? {}) as Record<string, unknown>;
  if (typeof e.url !== 'string') throw notAManifest(label, `files[${index}] has no url`);
  if (!isPlainFileName(e.url)) {
    throw notAManifest(label, `files[${index}] names "${e.url}", not a file beside the manifest`);
  }
  if (typeof e.sha512 !== 'string' || e.sha512 === '') throw notAManifest(label, `${e.url} has no sha512`);
  if (e.size !== undefined && (typeof e.size !== 'number' || !Number.isInteger(e.size) || e.size < 0)) {
    throw notAManifest(label, `${e.url} has a size that is not a byte count`);
  }
  return { name: e.url, sha512: e.sha512, size: typeof e.size === 'number' ? e.size : null };
}

/** Reads a manifest's bytes; `label` (its file name) is what error messages call it. */
export function parseReleaseManifest(bytes: Buffer, label: string): ReleaseManifest {
  const doc = readYaml(bytes, label);
  if (typeof doc.version !== 'string' || doc.version === '') throw notAManifest(label, 'it has no version');
  if (!SEMVER.test(doc.version)) throw notAManifest(label, `its version "${doc.version}" is not a semver version`);
  if (!Array.isArray(doc.files) || doc.files.length === 0) throw notAManifest(label, 'it names no files');
  const files = doc.files.map((entry, i) => fileOf(entry, i, label));
  // The deprecated top-level path/sha512 mirror files[0]; older updaters read them, so a path
  // the list does not hold is checked as well.
  if (typeof doc.path === 'string' && !files.some((f) => f.name === doc.path)) {
    files.push(fileOf({ url: doc.path, sha512: doc.sha512 }, files.length, label));
  }
  const staging = doc.stagingPercentage;
  return {
    version: doc.version,
    files,
    releaseDate: typeof doc.releaseDate === 'string' ? doc.releaseDate : null,
    stagingPercentage: typeof staging === 'number' ? staging : null,
  };
}

export interface ManifestChanges {
  /** 0–100, whole percent (electron-updater reads it with parseInt). */
  stagingPercentage?: number;
  releaseNotes?: string;
}

/**
 * The manifest with the release manager's fields set, written back as electron-builder writes
 * it (js-yaml, long lines kept whole). Without changes the bytes are returned as they were.
 */
export function changeManifest(bytes: Buffer, changes: ManifestChanges, label: string): Buffer {
  if (changes.stagingPercentage === undefined && changes.releaseNotes === undefined) return bytes;
  const doc = readYaml(bytes, label);
  if (changes.stagingPercentage !== undefined) doc.stagingPercentage = changes.stagingPercentage;
  if (changes.releaseNotes !== undefined) doc.releaseNotes = changes.releaseNotes;
  return Buffer.from(dump(doc, { lineWidth: 8000, noRefs: true }), 'utf8');
}
