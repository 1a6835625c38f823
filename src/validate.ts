import type { Activity, ChannelAccount } from './protocol/activity';
import { DirectLineError } from './protocol/errors';
import { isObject } from './protocol/guards';
import { baseUrl } from './http/domain';
import { MAX_WATERMARK_LENGTH, isAcceptableWatermark } from './protocol/watermark';
import type { ConnectOptions } from './options';

const MAX_ACTIVITY_BYTES = 256 * 1024;

/** Throws a DirectLineError with `message` and `code` when `bad` holds. */
function refuse(bad: unknown, message: string, code = 'InvalidOptions'): void {
  if (bad) throw new DirectLineError(message, { code });
}

const invalidActivity = (message: string) => new DirectLineError(message, { code: 'InvalidActivity' });

/** Absent, or a string that is not empty. */
const absentOrText = (value: unknown) => value === undefined || (typeof value === 'string' && value !== '');

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Checks options before anything is sent; throws a DirectLineError (InvalidOptions / InsecureTransport). */
export function validateOptions(options: ConnectOptions): void {
  refuse(!isObject(options), 'connect() needs an options object');
  const { secret, token, user, botAgent, watermark } = options;
  refuse(!absentOrText(secret), '`secret` must be a non-empty string');
  refuse(!absentOrText(token), '`token` must be a non-empty string');
  refuse(!secret && !token && typeof options.tokenProvider !== 'function', 'connect() needs a `secret`, a `token` or a `tokenProvider`');
  let url: URL | undefined;
  try {
    url = new URL(baseUrl(options.domain));
  } catch {
    // refused just below
  }
  refuse(!url, '`domain` is not a valid URL');
  const { protocol, hostname } = url as URL;
  refuse(!/^https?:$/.test(protocol), '`domain` must be an http(s) URL');
  // Every call's path is added to the domain: a query string or a fragment would swallow it.
  refuse((url as URL).search !== '' || (url as URL).hash !== '', '`domain` must have no query string or fragment');
  refuse(
    secret && protocol === 'http:' && !isLoopbackHost(hostname),
    'A secret is sent over plain http only to a loopback host: use https',
    'InsecureTransport',
  );
  refuse(user !== undefined && !(isObject(user) && typeof user.id === 'string' && user.id !== ''), '`user.id` must be a non-empty string');
  refuse(
    botAgent !== undefined && (typeof botAgent !== 'string' || /[\u0000-\u001f\u007f]/.test(botAgent)),
    '`botAgent` must be a string without control characters (it goes into a header)',
  );
  refuse(options.streaming !== undefined && typeof options.streaming !== 'boolean', '`streaming` must be a boolean');
  refuse(watermark !== undefined && typeof watermark !== 'string', '`watermark` must be a string, as received');
  refuse(
    typeof watermark === 'string' && !isAcceptableWatermark(watermark),
    `\`watermark\` is longer than ${MAX_WATERMARK_LENGTH} characters`,
  );
  refuse(
    (watermark !== undefined || options.streamUrl !== undefined) && !options.conversationId,
    '`watermark` and `streamUrl` resume a conversation: give `conversationId` too',
  );
}

/**
 * Checks an activity to post and fills `from` with the conversation's user. Throws InvalidActivity
 * for anything the service would refuse, before it is sent.
 */
export function prepareActivity(activity: unknown, user: ChannelAccount): Activity {
  // Each message is built only when it is thrown: this runs at every post.
  if (!isObject(activity)) throw invalidActivity('An activity must be an object');
  const a = activity as Activity;
  if (typeof a.type !== 'string' || a.type === '') throw invalidActivity('An activity needs a `type`');
  if (a.from !== undefined && !isObject(a.from)) throw invalidActivity('`from` must be an object');
  if (a.from?.id !== undefined && a.from.id !== user.id) throw invalidActivity(`from.id must stay "${user.id}" for the whole conversation`);
  const prepared: Activity = { ...a, from: { ...user, ...a.from, id: user.id } };
  let json: string | undefined;
  try {
    json = JSON.stringify(prepared);
  } catch {
    // refused just below
  }
  if (typeof json !== 'string') throw invalidActivity('The activity cannot be serialised to JSON');
  // UTF-8 takes at most 3 bytes per UTF-16 unit: only a JSON that could be over the limit is encoded to be counted
  if (json.length * 3 > MAX_ACTIVITY_BYTES) {
    const size = new TextEncoder().encode(json).length;
    if (size > MAX_ACTIVITY_BYTES)
      throw new DirectLineError(`The activity is ${size} bytes; the limit is ${MAX_ACTIVITY_BYTES}`, {
        code: 'ActivityTooLarge',
        status: 413,
      });
  }
  return prepared;
}
