// An offline update bundle for an air-gapped site: one platform's and channel's manifest, its
// signature, the installer(s) it names and their blockmaps, copied from a release folder into a
// new folder for a USB stick or a share, with a README.txt on how to import it. A station
// imports the folder (Settings → About & updates → Import offline bundle) or uses it as its feed,
// and checks it exactly as it checks a release from the network.
//
// The release is checked before anything is copied — an unsigned or failing release is refused
// and no bundle is made — and the copy is checked again with the same checks, so a stick that
// lost a byte is caught here rather than at the site. A copy that fails is removed.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../../shared/errors';
import { checkRelease, sha512OfFile, type ReleaseReport } from './release-check';
import { manifestFileName, parseReleaseManifest, type ReleaseChannel, type ReleasePlatform } from './release-manifest';
import { SIGNATURE_SUFFIX } from './signature';

export interface BundleRequest {
  from: string;
  out: string;
  platform: ReleasePlatform;
  channel: ReleaseChannel;
  publicKeyPem: string;
  now?: Date;
}

export interface BundleResult {
  manifest: string;
  version: string;
  /** Every file written into the bundle, README.txt last. */
  files: string[];
  /** The checks on the copy. */
  report: ReleaseReport;
}

const PLATFORM_NAMES: Record<ReleasePlatform, string> = { linux: 'Linux', win: 'Windows', mac: 'macOS' };

/** Thrown when the release (or its copy) fails a check; carries the report to print. */
export class ReleaseRefused extends EngineError {
  constructor(
    message: string,
    readonly report: ReleaseReport,
  ) {
    super('INVALID_STATE', message);
    this.name = 'ReleaseRefused';
  }
}

function ensureEmptyFolder(out: string): void {
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new EngineError('BAD_REQUEST', `${out} is a file, not a folder`);
    if (readdirSync(out).length > 0) {
      throw new EngineError('BAD_REQUEST', `${out} is not empty: a bundle goes into a new or empty folder`);
    }
  }
  mkdirSync(out, { recursive: true });
}

function readme(req: BundleRequest, report: ReleaseReport, manifest: string, files: string[]): string {
  const when = (req.now ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z');
  const width = Math.max(...files.map((f) => f.length));
  const describe = (f: string): string =>
    f === manifest
      ? 'the release manifest: version, sizes and sha512 checksums'
      : f === `${manifest}${SIGNATURE_SUFFIX}`
        ? `its Ed25519 signature (release key ${report.keyId})`
        : f.endsWith('.blockmap')
          ? 'block map, for smaller downloads of later updates'
          : 'installer';
  return [
    `Watchfloor ${report.version} — offline update bundle (${PLATFORM_NAMES[req.platform]}, ${req.channel} channel)`,
    `Made ${when} by \`watchfloor release bundle\`; every file checked against the manifest and its signature.`,
    '',
    'Files (keep them together, in one folder, unchanged):',
    ...files.map((f) => `  ${f.padEnd(width)}  ${describe(f)}`),
    '',
    'To update a station that has no network:',
    '  1. Copy this folder to a USB stick or a share the station can read.',
    '  2. On the station, as an administrator: Settings → About & updates → Import offline bundle,',
    '     and choose this folder. Or set the station’s update feed to this folder (a LAN share or',
    '     a local folder works as a feed), with the same channel.',
    '  3. The station checks the signature against its own release key, that the version is newer',
    '     than the one it runs, and each file’s size and sha512 — exactly as for an update from the',
    '     network. A bundle that fails a check is refused with the reason and an audit entry.',
    '  4. Nothing restarts by itself: an operator consents to the install (refused while a high',
    '     priority alarm is unacknowledged), or it waits for the maintenance window.',
    '',
    `To check this folder on any machine with Watchfloor, from inside it: watchfloor release verify ${manifest}`,
    '',
  ].join('\n');
}

/** Copies a file and confirms the copy has the source's bytes (a blockmap has no checksum in the manifest). */
async function copyChecked(source: string, target: string): Promise<void> {
  copyFileSync(source, target);
  const [a, b] = await Promise.all([sha512OfFile(source), sha512OfFile(target)]);
  if (a !== b) throw new EngineError('INTERNAL', `the copy of ${source} differs from the original`);
}

export async function makeOfflineBundle(req: BundleRequest): Promise<BundleResult> {
  const manifest = manifestFileName(req.channel, req.platform);
  const source = join(req.from, manifest);
  if (!existsSync(source)) {
    throw new EngineError(
      'NOT_FOUND',
      `${req.from} has no ${manifest} (the ${req.channel} channel's manifest for ${PLATFORM_NAMES[req.platform]})`,
    );
  }
  const before = await checkRelease(source, req.publicKeyPem);
  if (!before.ok) {
    const why = before.signature.ok ? 'it fails its checks' : before.signature.message;
    throw new ReleaseRefused(`refused to bundle Watchfloor ${before.version}: ${why}`, before);
  }
  ensureEmptyFolder(req.out);
  const names = parseReleaseManifest(readFileSync(source), manifest).files.map((f) => f.name);
  const files = [manifest, `${manifest}${SIGNATURE_SUFFIX}`];
  for (const name of names) {
    files.push(name);
    if (existsSync(join(req.from, `${name}.blockmap`))) files.push(`${name}.blockmap`);
  }
  try {
    for (const f of files) await copyChecked(join(req.from, f), join(req.out, f));
    const after = await checkRelease(join(req.out, manifest), req.publicKeyPem);
    if (!after.ok) throw new ReleaseRefused(`the bundle's copy of Watchfloor ${after.version} fails its checks`, after);
    writeFileSync(join(req.out, 'README.txt'), readme(req, after, manifest, files));
    return {
      manifest: join(req.out, manifest),
      version: after.version,
      files: [...files, 'README.txt'],
      report: after,
    };
  } catch (err) {
    for (const f of files) rmSync(join(req.out, f), { force: true });
    throw err;
  }
}
