import { authorize, checkConversation, type Credential } from '../auth/authorize';
import type { ConversationState } from '../state/conversation-store';
import type { RequestContext } from './router';

/** The caller's credential: the secret, or a token (401 / 403 otherwise). */
export function credentialOf(ctx: RequestContext): Credential {
  const { core } = ctx;
  return authorize(ctx.req, core.settings.secret, core.signer, core.store);
}

/**
 * The credential and the conversation a `/conversations/{id}/…` route names: 403 for a token of
 * another conversation, 404 for a conversation that does not exist.
 */
export function addressedConversation(ctx: RequestContext): { credential: Credential; conversation: ConversationState } {
  const credential = credentialOf(ctx);
  const id = ctx.params[0];
  checkConversation(credential, id);
  return { credential, conversation: ctx.core.conversationOr404(id) };
}
