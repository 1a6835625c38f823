import type { IncomingMessage } from 'node:http';
import { conversationNotFound, forbidden, tokenExpired, unauthorized } from '../http/errors';
import { bearer } from '../http/http-util';
import type { ConversationStore } from '../state/conversation-store';
import { constantTimeEqual } from './constant-time';
import { TokenSigner, type TokenClaims } from './tokens';

/** Who is calling: the holder of the secret, or of a token bound to one conversation. */
export type Credential = { kind: 'secret' } | { kind: 'token'; token: string; claims: TokenClaims };

/** Checks the Authorization header: 401 when missing or malformed, 403 when not valid. */
export function authorize(req: IncomingMessage, secret: string, signer: TokenSigner, store: ConversationStore): Credential {
  const value = bearer(req);
  if (!value) throw unauthorized();
  if (constantTimeEqual(value, secret)) return { kind: 'secret' };
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

/** Only the secret passes (the admin routes): 401 without a credential, 403 with any other. */
export function requireSecret(req: IncomingMessage, secret: string, message: string): void {
  const value = bearer(req);
  if (!value) throw unauthorized();
  if (!constantTimeEqual(value, secret)) throw forbidden(message);
}

/** A token may only touch its own conversation (403 otherwise). */
export function checkConversation(credential: Credential, conversationId: string): void {
  if (credential.kind === 'token' && credential.claims.conv !== conversationId) {
    throw forbidden('The token is not valid for this conversation');
  }
}
