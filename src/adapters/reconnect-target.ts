import type { ConnectOptions, SessionState } from '../options';
import type { Conversation } from '../protocol/activity';
import { invalid } from './web-chat-options';

/**
 * Checks what `reconnect()` is given: `{ conversationId?, token?, streamUrl? }` (as with the official
 * client, without `conversationId` the current conversation goes on); throws InvalidOptions.
 */
export function checkConversation(conversation: Conversation, currentId: string | undefined): void {
  if (!conversation || typeof conversation !== 'object') throw invalid('reconnect() needs { conversationId, token, streamUrl }');
  const { conversationId } = conversation;
  if (conversationId === undefined ? !currentId : typeof conversationId !== 'string' || conversationId === '') {
    throw invalid('reconnect() needs { conversationId, token, streamUrl }');
  }
  if (conversation.token !== undefined && (typeof conversation.token !== 'string' || conversation.token === ''))
    throw invalid('`token` must be a non-empty string');
  if (conversation.streamUrl !== undefined && typeof conversation.streamUrl !== 'string') throw invalid('`streamUrl` must be a string');
}

/**
 * The options to continue with the conversation `reconnect()` was given (else the current one): its token (else the one
 * in use, else the options'), its `streamUrl`, and the newest watermark when it is the same
 * conversation (a new conversation starts from its beginning).
 */
export function reconnectOptions(base: ConnectOptions, conversation: Conversation, previous: SessionState): ConnectOptions {
  const conversationId = conversation.conversationId ?? previous.conversationId;
  const same = previous.conversationId === conversationId;
  return {
    ...base,
    conversationId,
    token: conversation.token ?? previous.token ?? base.token,
    streamUrl: conversation.streamUrl,
    watermark: same ? previous.watermark : undefined,
  };
}
