// The executor electron-updater is given: every request for a `*.yml` release manifest also fetches
// `<manifest>.sig` and verifies the manifest's exact bytes against the station's release key
// (src/main/release/signature.ts) before electron-updater parses a byte of it. A manifest that is
// unsigned, signed by another key, changed after signing or whose signature cannot be read never
// reaches the updater: the request fails with a ManifestRefusedError (the verdict's kind and
// message), so nothing it names is downloaded. Everything else (the installer download, whose
// sha512 electron-updater checks against the verified manifest) goes to the inner executor as is.
import { URL } from 'node:url';
import type { RequestOptions } from 'node:http';
import { CancellationToken, HttpError, type HttpExecutor } from 'builder-util-runtime';
import { SIGNATURE_SUFFIX, verifyManifest, type ManifestVerdict } from '../../release/signature';

export const MANIFEST_REFUSED = 'ERR_WATCHFLOOR_MANIFEST_REFUSED';

type Refusal = Extract<ManifestVerdict, { ok: false }>;

export class ManifestRefusedError extends Error {
  readonly code = MANIFEST_REFUSED;
  constructor(
    readonly kind: Refusal['kind'],
    message: string,
    readonly manifestUrl: string,
  ) {
    super(message);
    this.name = 'ManifestRefusedError';
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyExecutor = HttpExecutor<any>;

function urlOf(options: RequestOptions): URL {
  const port = options.port ? `:${options.port}` : '';
  return new URL(
    `${options.protocol ?? 'https:'}//${options.hostname ?? options.host ?? ''}${port}${options.path ?? '/'}`,
  );
}

/** Turns a download's "status 503" failure into the HttpError electron-updater's providers branch on. */
function asHttpError(e: unknown): unknown {
  const match = e instanceof Error ? /status (\d{3})/.exec(e.message) : null;
  return match ? new HttpError(Number(match[1]), (e as Error).message) : e;
}

/** `inner`, with release manifests verified before anyone reads them. */
export function signedManifestExecutor<T extends AnyExecutor>(inner: T, publicKeyPem: string): T {
  const download = async (url: URL, options: RequestOptions, token: CancellationToken): Promise<Buffer> => {
    try {
      return await inner.downloadToBuffer(url, {
        headers: (options.headers as Record<string, string> | undefined) ?? null,
        cancellationToken: token,
      });
    } catch (e) {
      throw asHttpError(e);
    }
  };

  const request = async (
    options: RequestOptions,
    token: CancellationToken = new CancellationToken(),
    data?: Record<string, unknown> | null,
  ): Promise<string | null> => {
    const url = urlOf(options);
    if (!url.pathname.toLowerCase().endsWith('.yml') || data != null) return inner.request(options, token, data);
    const manifest = await download(url, options, token);
    const sigUrl = new URL(url.href);
    sigUrl.pathname = `${url.pathname}${SIGNATURE_SUFFIX}`;
    let signature: string | null;
    try {
      signature = (await download(sigUrl, options, token)).toString('utf8');
    } catch (e) {
      if (!(e instanceof HttpError && e.statusCode === 404)) throw e;
      signature = null;
    }
    const verdict = verifyManifest(manifest, signature, publicKeyPem);
    if (!verdict.ok) throw new ManifestRefusedError(verdict.kind, verdict.message, url.href);
    return manifest.toString('utf8');
  };

  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'request') return request;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
