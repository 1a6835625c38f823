import type { Activity } from '../../protocol/activity';
import { BOT_ACCOUNT } from '../types';

export class BotFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'BotFailure';
  }
}

/**
 * Sends an activity to a real bot's messaging endpoint, as the Bot Connector service would:
 * `serviceUrl` is the emulator's own origin, where the bot posts its replies
 * (`/v3/conversations/{id}/activities[/{replyToId}]`). No Authorization header is sent: the bot
 * must run without an app id (anonymous), as bots do for local development.
 */
export async function forwardToBot(endpoint: string, activity: Activity, serviceUrl: string, signal: AbortSignal): Promise<void> {
  const body: Activity = {
    ...activity,
    serviceUrl,
    recipient: activity.recipient ?? { ...BOT_ACCOUNT },
  };
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new BotFailure('The bot could not be reached');
  }
  // Drain the answer so that the connection can be reused.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status > 299) {
    throw new BotFailure(`The bot answered ${response.status}`, response.status);
  }
}
