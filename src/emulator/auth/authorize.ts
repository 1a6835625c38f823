import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { conversationNotFound, forbidden, tokenExpired, unauthorized } from '../errors';
import { bearer } from '../http-util';
import type { ConversationStore } from '../conversation-store';
import { TokenSigner, type TokenClaims } from './tokens';

/** Who is calling: the holder of the secret, or of a token bound to one conversation. */
export type Credential = { kind: 'secret' } | { kind: 'token'; token: string; claims: TokenClaims };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks the Authorization header: 401 when missing or malformed, 403 when not valid. */
export function authorize(req: IncomingMessage, secret: string, signer: TokenSigner, store: ConversationStore): Credential {
  const value = bearer(req);
  if (!value) throw unauthorized();
  if (sameSecret(value, secret)) return { kind: 'secret' };
  const result = signer.verify(value);
  if (!result.ok) {
    if (result.reason === 'expired') throw tokenExpired();
    throw forbidden('The secret or token is not valid');
  }
  const claims = result.claims;
  if (claims.typ !== 'dl') throw forbidden('A stream URL token cannot authorise a REST call');
  const conversation = store.get(claims.conv);
  if (!conversation) throw conversationNotFound();
  if (TokenSigner.sequenceOf(claims) <= conversation.revokedUpTo) throw tokenExpired();
  return { kind: 'token', token: value, claims };
}

/** A token may only touch its own conversation (403 otherwise). */
export function checkConversation(credential: Credential, conversationId: string): void {
  if (credential.kind === 'token' && credential.claims.conv !== conversationId) {
    throw forbidden('The token is not valid for this conversation');
  }
}
