/** Handshake checks: token, role and protocol version. Tokens are compared in constant time and never logged. */
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  Handshake,
  SUPPORTED_PROTOCOL_VERSIONS,
  describeZodError,
  type HandshakeErrorData,
  type Role,
} from '../../shared/protocol';

export interface AuthConfig {
  token: string;
  /** When set, console and admin need this one and the plain token only opens the wall role. */
  consoleToken?: string;
}

export type AuthResult = { ok: true; role: Role; client: string | null } | { ok: false; error: HandshakeErrorData };

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

function sameSecret(a: Buffer, b: Buffer): boolean {
  return timingSafeEqual(a, b);
}

export function createAuthenticator(cfg: AuthConfig): (auth: unknown) => AuthResult {
  const token = digest(cfg.token);
  const consoleToken = cfg.consoleToken ? digest(cfg.consoleToken) : null;
  return (auth) => {
    const obj = auth && typeof auth === 'object' ? (auth as Record<string, unknown>) : {};
    if (obj.token === undefined || obj.token === null || obj.token === '') {
      return { ok: false, error: { code: 'AUTH_REQUIRED', message: 'a token is required (auth.token)' } };
    }
    const parsed = Handshake.safeParse(auth);
    if (!parsed.success) {
      return { ok: false, error: { code: 'BAD_HANDSHAKE', message: `bad handshake: ${describeZodError(parsed.error)}` } };
    }
    const h = parsed.data;
    if (!SUPPORTED_PROTOCOL_VERSIONS.includes(h.protocol)) {
      return {
        ok: false,
        error: {
          code: 'PROTOCOL_VERSION',
          message: `protocol ${h.protocol} is not supported`,
          supported: [...SUPPORTED_PROTOCOL_VERSIONS],
        },
      };
    }
    const given = digest(h.token);
    // Both comparisons always run so timing does not reveal which token matched.
    const isPlain = sameSecret(given, token);
    const isConsole = consoleToken ? sameSecret(given, consoleToken) : false;
    if (!isPlain && !isConsole) return { ok: false, error: { code: 'AUTH_INVALID', message: 'invalid token' } };
    if (consoleToken && !isConsole && h.role !== 'wall') {
      return { ok: false, error: { code: 'ROLE_FORBIDDEN', message: `this token does not allow role ${h.role}` } };
    }
    return { ok: true, role: h.role, client: h.client ?? null };
  };
}
