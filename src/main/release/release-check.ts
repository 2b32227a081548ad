// The checks a station makes before it installs a release, made on a folder: the manifest's
// signature against a public key (verifyManifest), then every file the manifest names, beside
// it — present, its size, its sha512 (base64, as electron-builder writes it). `release verify`
// prints them; `release bundle` makes them on the release it copies and again on the copy.
//
// Every check is run and reported, even after one fails: whoever reads the report learns in
// one pass whether the manifest, an installer, or the key is wrong.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseReleaseManifest, type ReleaseManifest } from './release-manifest';
import { keyIdOf, SIGNATURE_SUFFIX, verifyManifest, type ManifestVerdict } from './signature';

export type CheckName = 'signature' | 'file' | 'size' | 'sha512';

export interface ReleaseCheckResult {
  check: CheckName;
  /** The file a file check is about (absent for the signature). */
  file?: string;
  ok: boolean;
  detail: string;
}

export interface ReleaseReport {
  /** The manifest's path as given. */
  manifest: string;
  version: string;
  ok: boolean;
  /** The key id the checks trusted. */
  keyId: string;
  signature: ManifestVerdict;
  checks: ReleaseCheckResult[];
}

/** sha512 of a file, base64, read as a stream (installers run to hundreds of MB). */
export function sha512OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('base64')));
  });
}

function signatureCheck(verdict: ManifestVerdict): ReleaseCheckResult {
  return verdict.ok
    ? { check: 'signature', ok: true, detail: `signed with release key ${verdict.keyId}` }
    : { check: 'signature', ok: false, detail: `${verdict.kind}: ${verdict.message}` };
}

async function fileChecks(dir: string, file: ReleaseManifest['files'][number]): Promise<ReleaseCheckResult[]> {
  const path = join(dir, file.name);
  if (!existsSync(path) || !statSync(path).isFile()) {
    return [{ check: 'file', file: file.name, ok: false, detail: 'missing beside the manifest' }];
  }
  const checks: ReleaseCheckResult[] = [];
  const size = statSync(path).size;
  if (file.size !== null) {
    checks.push(
      size === file.size
        ? { check: 'size', file: file.name, ok: true, detail: `${size} bytes` }
        : {
            check: 'size',
            file: file.name,
            ok: false,
            detail: `${size} bytes, the manifest says ${file.size}`,
          },
    );
  }
  const actual = await sha512OfFile(path);
  checks.push(
    actual === file.sha512
      ? { check: 'sha512', file: file.name, ok: true, detail: 'matches the manifest' }
      : {
          check: 'sha512',
          file: file.name,
          ok: false,
          detail: 'does not match the manifest: the file was changed or damaged after the release was made',
        },
  );
  return checks;
}

/**
 * Checks the release whose manifest is at `manifestPath` against `publicKeyPem`. Throws only
 * when the manifest cannot be read or is not a release manifest; everything else is a check.
 */
export async function checkRelease(manifestPath: string, publicKeyPem: string): Promise<ReleaseReport> {
  const bytes = readFileSync(manifestPath);
  const manifest = parseReleaseManifest(bytes, basename(manifestPath));
  const sigPath = `${manifestPath}${SIGNATURE_SUFFIX}`;
  const signatureText = existsSync(sigPath) ? readFileSync(sigPath, 'utf8') : null;
  const signature = verifyManifest(bytes, signatureText, publicKeyPem);
  const checks = [signatureCheck(signature)];
  const dir = dirname(manifestPath);
  for (const file of manifest.files) checks.push(...(await fileChecks(dir, file)));
  return {
    manifest: manifestPath,
    version: manifest.version,
    ok: checks.every((c) => c.ok),
    keyId: keyIdOf(publicKeyPem),
    signature,
    checks,
  };
}

/** One aligned line per check, then the verdict. */
export function reportLines(report: ReleaseReport): string[] {
  const width = Math.max(...report.checks.map((c) => c.check.length));
  const lines = report.checks.map(
    (c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.check.padEnd(width)}  ${c.file ? `${c.file}: ` : ''}${c.detail}`,
  );
  const failed = report.checks.filter((c) => !c.ok).length;
  const what = `Watchfloor ${report.version} (${basename(report.manifest)})`;
  lines.push(
    failed === 0
      ? `${what}: all ${report.checks.length} checks passed`
      : `${what}: ${failed} of ${report.checks.length} checks failed — stations will refuse this release`,
  );
  return lines;
}
