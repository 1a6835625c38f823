import type { Activity, ChannelAccount } from './protocol/activity';
import { DirectLineError } from './protocol/errors';
import { DEFAULT_DOMAIN } from './http/request';
import type { ConnectOptions } from './options';

const MAX_ACTIVITY_BYTES = 256 * 1024;

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Checks options before anything is sent; throws a DirectLineError (InvalidOptions / InsecureTransport). */
export function validateOptions(options: ConnectOptions): void {
  if (!options || typeof options !== 'object') throw new DirectLineError('connect() needs an options object', { code: 'InvalidOptions' });
  const { secret, token, tokenProvider } = options;
  if (secret !== undefined && (typeof secret !== 'string' || secret === '')) throw new DirectLineError('`secret` must be a non-empty string', { code: 'InvalidOptions' });
  if (token !== undefined && (typeof token !== 'string' || token === '')) throw new DirectLineError('`token` must be a non-empty string', { code: 'InvalidOptions' });
  if (!secret && !token && typeof tokenProvider !== 'function') {
    throw new DirectLineError('connect() needs a `secret`, a `token` or a `tokenProvider`', { code: 'InvalidOptions' });
  }
  let url: URL;
  try {
    url = new URL(options.domain ?? DEFAULT_DOMAIN);
  } catch {
    throw new DirectLineError('`domain` is not a valid URL', { code: 'InvalidOptions' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DirectLineError('`domain` must be an http(s) URL', { code: 'InvalidOptions' });
  if (secret && url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new DirectLineError('A secret is sent over plain http only to a loopback host: use https', { code: 'InsecureTransport' });
  }
  if (options.user !== undefined && (typeof options.user !== 'object' || typeof options.user?.id !== 'string' || options.user.id === '')) {
    throw new DirectLineError('`user.id` must be a non-empty string', { code: 'InvalidOptions' });
  }
  if (options.botAgent !== undefined && (typeof options.botAgent !== 'string' || /[\u0000-\u001f\u007f]/.test(options.botAgent))) {
    throw new DirectLineError('`botAgent` must be a string without control characters (it goes into a header)', { code: 'InvalidOptions' });
  }
  if (options.watermark !== undefined && typeof options.watermark !== 'string') throw new DirectLineError('`watermark` must be a string, as received', { code: 'InvalidOptions' });
  if ((options.watermark !== undefined || options.streamUrl !== undefined) && !options.conversationId) {
    throw new DirectLineError('`watermark` and `streamUrl` resume a conversation: give `conversationId` too', { code: 'InvalidOptions' });
  }
}

/**
 * Checks an activity to post and fills `from` with the conversation's user. Throws InvalidActivity
 * for anything the service would refuse, before it is sent.
 */
export function prepareActivity(activity: unknown, user: ChannelAccount): Activity {
  if (!activity || typeof activity !== 'object' || Array.isArray(activity)) throw new DirectLineError('An activity must be an object', { code: 'InvalidActivity' });
  const a = activity as Activity;
  if (typeof a.type !== 'string' || a.type === '') throw new DirectLineError('An activity needs a `type`', { code: 'InvalidActivity' });
  if (a.from !== undefined && (typeof a.from !== 'object' || a.from === null)) throw new DirectLineError('`from` must be an object', { code: 'InvalidActivity' });
  if (a.from?.id !== undefined && a.from.id !== user.id) {
    throw new DirectLineError(`from.id must stay "${user.id}" for the whole conversation`, { code: 'InvalidActivity' });
  }
  const prepared: Activity = { ...a, from: { ...user, ...(a.from ?? {}), id: user.id } };
  let size: number;
  try {
    size = new TextEncoder().encode(JSON.stringify(prepared)).length;
  } catch {
    throw new DirectLineError('The activity cannot be serialised to JSON', { code: 'InvalidActivity' });
  }
  if (size > MAX_ACTIVITY_BYTES) throw new DirectLineError(`The activity is ${size} bytes; the limit is ${MAX_ACTIVITY_BYTES}`, { code: 'ActivityTooLarge', status: 413 });
  return prepared;
}
