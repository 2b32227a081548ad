// Password hashing: argon2id (memory-hard, OWASP's first choice) through @node-rs/argon2, a
// prebuilt native package. The PHC string keeps algorithm, parameters and salt with the hash, so
// raising the parameters later still verifies every stored password. A sign-in for a name that
// does not exist verifies against a dummy hash of the same cost: the answer takes as long either way.
import { hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (about 20-40 ms here). */
export const ARGON2_PARAMETERS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMETERS);
}

/** False for a wrong password and for anything that is not a PHC string we can read. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spends the time a real verification would, for a user that does not exist; always false. */
export async function verifyNobody(password: string): Promise<false> {
  dummy ??= hashPassword('no user has this password');
  await verifyPassword(await dummy, password);
  return false;
}

/** `argon2id m=19456 t=2 p=1`: how a password is hashed, never the hash itself. */
export function passwordScheme(phc: string): string {
  const m = /^\$([a-z0-9]+)\$(?:v=\d+\$)?m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc);
  return m ? `${m[1]} m=${m[2]} t=${m[3]} p=${m[4]}` : 'unknown';
}
