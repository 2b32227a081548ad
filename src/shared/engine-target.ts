// Which engine a desktop works with, as the shell stores it (userData/engine-target.json) and the
// preload shows it to Settings → Engine: the station's own engine, or a central engine at a URL
// whose certificate the user approved (its SHA-256 fingerprint, pinned). Plus the answers of the
// shell's engine calls (window.watchfloor.engine), validated on both sides of the IPC.
import { z } from 'zod';
import { ErrorPayload } from './errors';
import { SessionStatus } from './session-state';

export const EngineTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }),
  z.object({
    kind: z.literal('remote'),
    /** As normalised by the shell: `https://host:port` (http only for loopback). */
    url: z.string().min(1).max(2000),
    /** SHA-256 of the approved certificate, `AB:CD:…`; null only for plain http on loopback. */
    fingerprint: z.string().max(200).nullable(),
  }),
]);
export type EngineTarget = z.infer<typeof EngineTarget>;

/** The target and how it fares: what keeps a remote engine from connecting, if anything. */
export const EngineTargetView = z.object({
  target: EngineTarget,
  /** A remote engine's last connection problem, in words; null when connected or local. */
  problem: z.string().nullable(),
  /** The problem is a certificate other than the approved one. */
  certificateChanged: z.boolean(),
  /** Plain http (loopback testing): nothing is encrypted. */
  warning: z.string().nullable(),
});
export type EngineTargetView = z.infer<typeof EngineTargetView>;

export const CertificateView = z.object({
  fingerprint: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.number(),
  validTo: z.number(),
  selfSigned: z.boolean(),
  /** Whether a public CA would also accept it: information only, the pin decides. */
  caTrusted: z.boolean(),
});
export type CertificateView = z.infer<typeof CertificateView>;

export const ProbeResult = z.object({
  /** The address as it will be stored. */
  url: z.string(),
  /** null for plain http (nothing to pin). */
  certificate: CertificateView.nullable(),
  warning: z.string().nullable(),
});
export type ProbeResult = z.infer<typeof ProbeResult>;

/** Every engine call answers this envelope: the shell never throws across the bridge. */
export function engineAnswer<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ErrorPayload }),
  ]);
}
export type EngineAnswer<T> = { ok: true; data: T } | { ok: false; error: ErrorPayload };

export const ENGINE_ANSWERS = {
  target: engineAnswer(EngineTargetView),
  probe: engineAnswer(ProbeResult),
  attach: engineAnswer(EngineTargetView),
  useLocal: engineAnswer(EngineTargetView),
  status: engineAnswer(SessionStatus),
  signIn: engineAnswer(SessionStatus),
  signOut: engineAnswer(SessionStatus),
} as const;
