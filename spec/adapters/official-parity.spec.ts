/**
 * createDirectLine is never stricter than the official client: a setting botframework-directlinejs
 * starts with anyway, createDirectLine starts with too (leaving the bad value out, with a debug
 * event); one it cannot work with either, createDirectLine refuses at once. Both clients run
 * against the emulator (the official one over xhr2 and ws, the globals it expects).
 */
import { firstValueFrom } from 'rxjs';
import { createDirectLine } from '../../src/node';
import type { DirectLineOptions } from '../../src/adapters/web-chat';
import type { Emulator } from '../../src/emulator';
import type { DebugEvent } from '../../src/options';
import { DirectLineError } from '../../src/protocol/errors';
import { ConnectionStatus, until, useEmulator, waitFor } from '../e2e/support';

const g = globalThis as { XMLHttpRequest?: unknown; WebSocket?: unknown };
g.XMLHttpRequest ??= require('xhr2');
g.WebSocket ??= require('ws');
const { DirectLine } = require('botframework-directlinejs');

interface Official {
  activity$: { subscribe(next: (a: unknown) => void, error: (e: unknown) => void): { unsubscribe(): void } };
  connectionStatus$: { subscribe(next: (s: number) => void): { unsubscribe(): void } };
  postActivity(a: unknown): { subscribe(next: (id: string) => void, error: (e: unknown) => void): { unsubscribe(): void } };
  end(): void;
}

/**
 * The official client with `options`: whether it went Online (waiting until it did, failed, or
 * `ms` passed), and the answer to a post.
 */
async function official(options: Record<string, unknown>, ms = 5000): Promise<{ online: boolean; post: string }> {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); // it warns of what it ignores
  const dl: Official = new DirectLine(options);
  const statuses: number[] = [];
  const subs = [
    dl.connectionStatus$.subscribe((s) => statuses.push(s)),
    dl.activity$.subscribe(
      () => undefined,
      () => undefined,
    ),
  ];
  try {
    await until(() => statuses.includes(ConnectionStatus.Online) || statuses.includes(ConnectionStatus.FailedToConnect), ms);
    const online = statuses.includes(ConnectionStatus.Online);
    const post = online
      ? await new Promise<string>((resolve) =>
          dl.postActivity({ type: 'message', text: 'hi', from: { id: 'u1' } }).subscribe(resolve, () => resolve('error')),
        )
      : 'not sent';
    return { online, post };
  } finally {
    subs.forEach((s) => s.unsubscribe());
    dl.end();
    warn.mockRestore();
  }
}

/** createDirectLine with `options`: whether it went Online, the answer to a post, and the settings it ignored. */
async function rx(options: Record<string, unknown>): Promise<{ online: boolean; post: string; ignored: string[] }> {
  const events: DebugEvent[] = [];
  const directLine = createDirectLine({ ...options, debug: (e) => events.push(e) } as DirectLineOptions);
  const sub = directLine.activity$.subscribe({ error: () => undefined });
  try {
    await waitFor(directLine.connectionStatus$, (s) => s === ConnectionStatus.Online, 5000);
    const post = await firstValueFrom(directLine.postActivity({ type: 'message', text: 'hi', from: { id: 'u1' } })).catch(() => 'error');
    const ignored = events.flatMap((e) => (e.type === 'ignored' ? [e.setting] : []));
    return { online: true, post, ignored };
  } finally {
    sub.unsubscribe();
    directLine.end();
  }
}

const isId = (post: string) => /\|\d{7}$/.test(post);

describe('createDirectLine next to the official client, setting by setting', () => {
  const emulator = useEmulator();
  const good = (em: Emulator) => ({ domain: em.domain, secret: em.secret });

  it.each<[string, (em: Emulator) => Record<string, unknown>, string]>([
    [
      'conversationStartProperties: { locale: { x: 1 } }',
      (em) => ({ ...good(em), conversationStartProperties: { locale: { x: 1 } } }),
      'conversationStartProperties.locale',
    ],
    [
      "conversationStartProperties: { locale: '' }",
      (em) => ({ ...good(em), conversationStartProperties: { locale: '' } }),
      'conversationStartProperties.locale',
    ],
    [
      "conversationStartProperties: 'fr-FR'",
      (em) => ({ ...good(em), conversationStartProperties: 'fr-FR' }),
      'conversationStartProperties',
    ],
    ['timeout: 0', (em) => ({ ...good(em), timeout: 0 }), 'timeout'],
    ["secret: '' beside a token", (em) => ({ domain: em.domain, secret: '', token: em.secret }), 'secret'],
    ['token: 42 beside a secret', (em) => ({ ...good(em), token: 42 }), 'token'],
    ['botAgent: 42', (em) => ({ ...good(em), botAgent: 42 }), 'botAgent'],
    ["watermark: '3' without conversationId", (em) => ({ ...good(em), watermark: '3' }), 'watermark'],
    ['streamUrl without conversationId', (em) => ({ ...good(em), streamUrl: 'ws://127.0.0.1:9/stream' }), 'streamUrl'],
    ['pollingInterval: 0 (polling)', (em) => ({ ...good(em), webSocket: false, pollingInterval: 0 }), 'pollingInterval'],
    ["user: { id: '' } (not an option of the official client)", (em) => ({ ...good(em), user: { id: '' } }), 'user'],
  ])('%s: both start and post; createDirectLine reports what it ignored', async (_title, options, setting) => {
    const em = emulator();
    const theirs = await official(options(em));
    expect(theirs.online).toBe(true);
    expect(isId(theirs.post)).toBe(true);
    const ours = await rx(options(em));
    expect(ours.online).toBe(true);
    expect(isId(ours.post)).toBe(true);
    expect(ours.ignored).toEqual([setting]);
  });

  it.each<[string, (em: Emulator) => Record<string, unknown>]>([
    ['timeout: -1', (em) => ({ ...good(em), timeout: -1 })],
    ["secret: ''", (em) => ({ domain: em.domain, secret: '' })],
    ['no secret or token', (em) => ({ domain: em.domain })],
    ["domain: 'not a url'", (em) => ({ secret: em.secret, domain: 'not a url' })],
    ["botAgent: 'a\\nb'", (em) => ({ ...good(em), botAgent: 'a\nb' })],
  ])('%s: the official client never goes Online; createDirectLine refuses it at once (InvalidOptions)', async (_title, options) => {
    const em = emulator();
    expect((await official(options(em), 2000)).online).toBe(false);
    let error: unknown;
    try {
      createDirectLine(options(em) as DirectLineOptions).end();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DirectLineError);
    expect((error as DirectLineError).code).toBe('InvalidOptions');
  });

  it('reconnect() without a conversationId goes on with the current conversation, as the official client does', async () => {
    const em = emulator();
    const directLine = createDirectLine(good(em));
    const sub = directLine.activity$.subscribe({ error: () => undefined });
    await waitFor(directLine.connectionStatus$, (s) => s === ConnectionStatus.Online);
    const conversationId = directLine.conversationId;
    directLine.reconnect({ token: directLine.token } as never);
    await waitFor(directLine.connectionStatus$, (s) => s === ConnectionStatus.Online);
    const id = await firstValueFrom(directLine.postActivity({ type: 'message', text: 'after', from: { id: 'u1' } }));
    expect(id.startsWith(`${conversationId}|`)).toBe(true);
    expect(directLine.conversationId).toBe(conversationId);
    sub.unsubscribe();
    directLine.end();
  });
});
