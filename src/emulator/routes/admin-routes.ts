import type { Activity } from '../../protocol/activity';
import { isObject } from '../../protocol/guards';
import { requireSecret } from '../auth/authorize';
import { badRequest, sendJson } from '../http/errors';
import { isRouteName } from '../control/faults';
import { parseJsonBody, readBody } from '../http/http-util';
import type { Route } from './router';
import type { Emulator } from '../types';

type Body = Record<string, unknown>;

function str(body: Body, key: string, required = true): string | undefined {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !value) throw badRequest(`${key} must be a non-empty string`);
  return value;
}

function num(body: Body, key: string, required = true): number | undefined {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw badRequest(`${key} must be a non-negative number`);
  return value;
}

type Action = (emulator: Emulator, body: Body) => unknown;

const actions: Record<string, Action> = {
  dropSocket: (e, b) => e.faults.dropSocket(str(b, 'conversationId')!, num(b, 'code', false), str(b, 'reason', false)),
  stallSocket: (e, b) => e.faults.stallSocket(str(b, 'conversationId')!),
  failNext: (e, b) => {
    const route = b.route;
    if (!isRouteName(route)) throw badRequest('route is not a route name');
    const status = num(b, 'status')!;
    if (!Number.isInteger(status) || status < 100 || status > 599) throw badRequest('status must be an HTTP status');
    const retryAfter = typeof b.retryAfter === 'number' ? num(b, 'retryAfter') : str(b, 'retryAfter', false);
    e.faults.failNext(route, num(b, 'count', false) ?? 1, status, {
      retryAfter,
      code: str(b, 'code', false),
      conversationId: str(b, 'conversationId', false),
    });
  },
  delay: (e, b) => {
    const route = b.route ?? '*';
    if (route !== '*' && !isRouteName(route)) throw badRequest('route is not a route name');
    e.faults.delay(route, num(b, 'ms')!);
  },
  expireToken: (e, b) => e.faults.expireToken(str(b, 'conversationId')!),
  setLifetimes: (e, b) =>
    e.faults.setLifetimes({
      tokenSec: num(b, 'tokenSec', false),
      streamUrlMs: num(b, 'streamUrlMs', false),
      keepAliveMs: num(b, 'keepAliveMs', false),
    }),
  scrambleLivestreams: (e, b) => {
    if (b.enabled !== undefined && typeof b.enabled !== 'boolean') throw badRequest('enabled must be a boolean');
    e.faults.scrambleLivestreams(str(b, 'conversationId')!, b.enabled as boolean | undefined);
  },
  removeConversation: (e, b) => e.faults.removeConversation(str(b, 'conversationId')!),
  setPublicBaseUrl: (e, b) => e.faults.setPublicBaseUrl(str(b, 'url', false)),
  reset: (e) => e.faults.reset(),
  sendFromBot: (e, b) => {
    if (!isObject(b.activity)) throw badRequest('activity must be an object');
    return { id: e.sendFromBot(str(b, 'conversationId')!, b.activity as Partial<Activity>).id };
  },
  activities: (e, b) => ({ activities: e.activities(str(b, 'conversationId')!) }),
  stats: (e) => ({ ...e.stats(), openSockets: e.openSockets() }),
};

/** Admin routes over HTTP: POST /_emulator/{action} (outside /v3: no clash with the protocol) with a JSON body, authorised with the secret. */
export function adminRoutes(emulator: () => Emulator): Route[] {
  return [
    {
      pattern: /^\/_emulator\/([A-Za-z]+)\/?$/,
      method: 'POST',
      async handle(ctx) {
        requireSecret(ctx.req, ctx.core.settings.secret, 'The admin routes need the secret');
        const action = Object.prototype.hasOwnProperty.call(actions, ctx.params[0]) ? actions[ctx.params[0]] : undefined;
        const raw = await readBody(ctx.req, 64 * 1024, 'The body');
        if (!action) {
          sendJson(ctx.res, 404, { error: { code: 'BadArgument', message: 'Unknown admin action' } });
          return;
        }
        const body = parseJsonBody(ctx.req, raw, { optional: true }) ?? {};
        if (!isObject(body)) throw badRequest('The body must be a JSON object');
        let result: unknown;
        try {
          result = action(emulator(), body);
        } catch (error) {
          if (error instanceof TypeError || (error instanceof Error && /^Unknown conversation/.test(error.message))) {
            throw badRequest(error.message);
          }
          throw error;
        }
        sendJson(ctx.res, 200, result ?? { ok: true });
      },
    },
  ];
}
