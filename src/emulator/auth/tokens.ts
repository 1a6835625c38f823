import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from './constant-time';

export const TOKEN_ISSUER = 'https://directline-emulator.local/';

/** Claims carried by every token the emulator issues. */
export interface TokenClaims {
  iss: string;
  /** Conversation the token is bound to. */
  conv: string;
  /** User id embedded in the token, if any. */
  user?: string;
  /** Seconds since the epoch. */
  nbf: number;
  exp: number;
  iat: number;
  /** Unique, increasing per process: lets the emulator expire every token issued so far. */
  jti: string;
  /** `dl`: a REST token; `st`: a single-use stream URL token. */
  typ: 'dl' | 'st';
}

export type VerifyResult = { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'notYetValid' };

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** JWT-shaped tokens (`header.payload.signature`), HMAC-SHA256 signed with a key made per process. */
export class TokenSigner {
  private readonly key: Buffer;
  private counter = 0;
  private readonly header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  /** Issues a token; returns it with the sequence number of its `jti`. */
  issue(typ: TokenClaims['typ'], conv: string, lifetimeMs: number, user?: string): { token: string; claims: TokenClaims } {
    const nowMs = Date.now();
    const claims: TokenClaims = {
      iss: TOKEN_ISSUER,
      conv,
      ...(user ? { user } : {}),
      nbf: Math.floor(nowMs / 1000) - 1,
      // Millisecond lifetimes (stream URLs in tests) are kept exactly in `exp` as fractional seconds.
      exp: (nowMs + lifetimeMs) / 1000,
      iat: Math.floor(nowMs / 1000),
      jti: `${(++this.counter).toString(36)}.${randomBytes(6).toString('base64url')}`,
      typ,
    };
    const payload = b64url(JSON.stringify(claims));
    const signature = this.sign(`${this.header}.${payload}`);
    return { token: `${this.header}.${payload}.${signature}`, claims };
  }

  /** The sequence number inside a `jti`: tokens with a number at or below a cut-off can be revoked. */
  static sequenceOf(claims: TokenClaims): number {
    return parseInt(claims.jti.split('.')[0], 36);
  }

  /** The highest sequence number issued so far. */
  get lastSequence(): number {
    return this.counter;
  }

  verify(token: string, nowMs = Date.now()): VerifyResult {
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return { ok: false, reason: 'malformed' };
    if (!constantTimeEqual(this.sign(`${parts[0]}.${parts[1]}`), parts[2])) return { ok: false, reason: 'signature' };
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (!claims || typeof claims.conv !== 'string' || typeof claims.exp !== 'number' || typeof claims.jti !== 'string') {
      return { ok: false, reason: 'malformed' };
    }
    if (claims.nbf * 1000 > nowMs + 1000) return { ok: false, reason: 'notYetValid' };
    if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}

/** A new random secret, shaped like the service's (long, URL-safe). */
export function generateSecret(): string {
  return randomBytes(33).toString('base64url');
}
