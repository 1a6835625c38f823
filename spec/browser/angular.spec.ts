import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startEmulator, type Emulator } from '../../src/emulator';
import { EXAMPLE_APPS, startExampleServer, type ExampleServer } from '../../examples/angular/server/example-server';
import { launchBrowser, screenshot, storedMessages, until } from './harness';

/**
 * The Angular example (signals) and the NgRx example (store and effects), as built by
 * `npm run example:build`, served with their token backend and opened in Chromium: what the
 * user sees when messages go and come, when the socket drops, when a post fails and is retried,
 * and after a reload.
 */

const STATUS = '.status';
const LINE = '.transcript li';

const statusOf = (page: Page) => page.locator(STATUS).textContent();
const linesOf = (page: Page) =>
  page.$$eval(LINE, (nodes) =>
    nodes.map((li) => ({ text: li.querySelector('.text')?.textContent?.trim() ?? '', post: li.getAttribute('data-post') })),
  );
const textsOf = async (page: Page) => (await linesOf(page)).map((line) => line.text);

/** The conversation the page saved in sessionStorage (it resumes it after a reload). */
const savedConversationOf = (page: Page, storageKey: string): Promise<string | undefined> =>
  page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) ?? 'null')?.state?.session?.conversationId, storageKey);

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

function untilShown(page: Page, texts: string[]): Promise<unknown> {
  return until(`${JSON.stringify(texts)} on the page`, async () => {
    const shown = await textsOf(page);
    return texts.every((text) => shown.includes(text));
  });
}

/** The page shows exactly the messages the emulator stored, in its order, each once. */
async function expectSameAsService(page: Page, emulator: Emulator, conversationId: string): Promise<void> {
  const stored = storedMessages(emulator, conversationId).map((m) => m.text);
  await until('the page to show what the service stored', async () => JSON.stringify(await textsOf(page)) === JSON.stringify(stored));
  const shown = await textsOf(page);
  expect(shown).toEqual(stored);
  expect(new Set(shown).size).toBe(shown.length);
}

describe.each([
  { id: 'angular', name: 'Angular (signals)', base: '/', storageKey: 'directline-rx.angular.chat', title: 'Angular signals' },
  { id: 'ngrx', name: 'NgRx (store and effects)', base: '/ngrx/', storageKey: 'directline-rx.angular.ngrx', title: 'NgRx store' },
])('the $name example in Chromium (built app, token backend, emulator)', ({ id, base, storageKey, title }) => {
  let browser: Browser;
  let emulator: Emulator;
  let site: ExampleServer;
  let context: BrowserContext;
  let page: Page;
  let conversationId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    // The emulator's echo bot, as npm run example:angular runs it: it livestreams its answer to "stream …".
    emulator = await startEmulator({ keepAliveMs: 1000 });
    site = await startExampleServer(emulator, EXAMPLE_APPS);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 900, height: 640 } });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await emulator?.close();
  });
  afterEach(() => expect(errors).toEqual([]));

  test('opens online; a message shows pending then sent, as one entry, and the echo comes once', async () => {
    await page.goto(`${site.origin}${base}`);
    expect(await page.locator('h1').textContent()).toContain(title);
    await until('online', async () => (await statusOf(page)) === 'online');
    conversationId = (await until('the saved session', () => savedConversationOf(page, storageKey))) as string;
    expect(emulator.openSockets(conversationId)).toBe(1);

    emulator.faults.delay('activities/post', 400); // long enough to see the post pending
    await send(page, 'hello');
    await until('the post pending', async () => (await linesOf(page)).some((l) => l.text === 'hello' && l.post === 'pending'));
    await untilShown(page, ['echo: hello']);
    emulator.faults.delay('activities/post', 0);
    expect(await linesOf(page)).toEqual([
      { text: 'hello', post: 'sent' },
      { text: 'echo: hello', post: null },
    ]);
    await expectSameAsService(page, emulator, conversationId);
    await screenshot(page, `${id}-echo`);

    emulator.sendFromBot(conversationId, { type: 'typing', from: { id: 'bot', name: 'Echo', role: 'bot' } });
    await until('who is typing', async () => (await page.locator('.typing').textContent())?.trim() === 'Echo typing…');
    emulator.sendFromBot(conversationId, { type: 'message', text: 'done typing', from: { id: 'bot', name: 'Echo', role: 'bot' } });
    await untilShown(page, ['done typing']);
    expect(await page.locator('.typing').count()).toBe(0);
  });

  test('the socket drops: "reconnecting", then "online"; what came and went meanwhile shows once', async () => {
    // Hold the reconnect call, so that the page shows the reconnection and the bot speaks while the socket is down.
    emulator.faults.delay('conversations/get', 800);
    emulator.faults.dropSocket(conversationId);
    await until('reconnecting', async () => (await statusOf(page)) === 'reconnecting');
    emulator.sendFromBot(conversationId, { type: 'message', text: 'while away' });
    await send(page, 'sent while away');
    await screenshot(page, `${id}-reconnecting`);
    emulator.faults.delay('conversations/get', 0);
    await until('online again', async () => (await statusOf(page)) === 'online');
    await untilShown(page, ['while away', 'echo: sent while away']);
    await expectSameAsService(page, emulator, conversationId);
    await until('one socket', () => emulator.openSockets(conversationId) === 1);
  });

  test('a refused post shows failed with Retry; Retry sends it once, in its place', async () => {
    emulator.faults.failNext('activities/post', 1, 500, { code: 'ServiceError' });
    await send(page, 'unlucky');
    await until('the post failed', async () => (await linesOf(page)).some((l) => l.text === 'unlucky' && l.post === 'failed'));
    const retry = page.locator(`${LINE}[data-post="failed"] .retry`);
    expect(await retry.count()).toBe(1);
    expect(await page.locator('.error').textContent()).toContain('HTTP 500');
    expect(storedMessages(emulator, conversationId).map((m) => m.text)).not.toContain('unlucky');
    await screenshot(page, `${id}-failed`);

    await retry.click();
    await untilShown(page, ['echo: unlucky']);
    expect(storedMessages(emulator, conversationId).filter((m) => m.text === 'unlucky')).toHaveLength(1);
    await expectSameAsService(page, emulator, conversationId);
    expect((await linesOf(page)).filter((l) => l.text === 'unlucky')).toEqual([{ text: 'unlucky', post: 'sent' }]);
    expect(await page.locator('.retry').count()).toBe(0);
    expect(await page.locator('.error').count()).toBe(0);
  });

  test('a livestreamed answer grows in one entry under its informative line, then its final takes that place', async () => {
    const entries = (await linesOf(page)).length;
    // Every state of the livestream's entry, as the page renders it.
    await page.evaluate(() => {
      const seen: { count: number; status: string | null; text: string; informative: string | null }[] = [];
      (window as any).__streamSeen = seen;
      const transcript = document.querySelector('.transcript') as HTMLElement;
      new MutationObserver(() => {
        const streams = transcript.querySelectorAll('li[data-stream]');
        const li = streams[streams.length - 1];
        if (!li) return;
        const next = {
          count: streams.length,
          status: li.getAttribute('data-stream'),
          text: li.querySelector('.text')?.textContent?.trim() ?? '',
          informative: li.querySelector('.informative')?.textContent?.trim() ?? null,
        };
        const last = seen[seen.length - 1];
        if (!last || JSON.stringify(last) !== JSON.stringify(next)) seen.push(next);
      }).observe(transcript, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await send(page, 'stream once upon a time there was a chat that never lost a message');
    const answer = 'echo: once upon a time there was a chat that never lost a message';
    await until(
      'the answer half streamed',
      async () =>
        (
          (await page
            .locator('li.streaming .text')
            .textContent()
            .catch(() => '')) ?? ''
        ).split(' ').length >= 5,
    );
    await screenshot(page, `${id}-livestream`);
    await until('the final', async () => (await page.locator('.transcript li[data-stream="final"]').count()) === 1);

    type Seen = { count: number; status: string | null; text: string; informative: string | null };
    const seen: Seen[] = await page.evaluate(() => (window as any).__streamSeen);
    expect(seen.every((entry) => entry.count === 1)).toBe(true);
    expect(seen[0]).toEqual({ count: 1, status: 'streaming', text: '', informative: 'Preparing the echo…' });
    const growing = seen.filter((entry) => entry.status === 'streaming' && entry.text).map((entry) => entry.text);
    expect(growing.length).toBeGreaterThanOrEqual(3);
    growing.forEach((text, i) => i > 0 && expect(text.startsWith(growing[i - 1])).toBe(true));
    expect(seen[seen.length - 1]).toEqual({ count: 1, status: 'final', text: answer, informative: null });
    expect((await linesOf(page)).length).toBe(entries + 2);
    await expectSameAsService(page, emulator, conversationId);
  });

  test('a reload resumes the same conversation with its history, nothing repeated, and the chat goes on', async () => {
    const before = await textsOf(page);
    const handshakes = emulator.stats().handshakes;
    // The bot speaks while the page is away: it comes after the saved watermark.
    await page.reload({ waitUntil: 'domcontentloaded' });
    emulator.sendFromBot(conversationId, { type: 'message', text: 'during the reload' });
    await until('online after the reload', async () => (await statusOf(page)) === 'online');
    expect(emulator.stats().handshakes).toBeGreaterThan(handshakes);
    expect(await savedConversationOf(page, storageKey)).toBe(conversationId);
    await untilShown(page, [...before, 'during the reload']);
    await send(page, 'after the reload');
    await untilShown(page, ['echo: after the reload']);
    await expectSameAsService(page, emulator, conversationId);
    await until('one socket', () => emulator.openSockets(conversationId) === 1);
    await screenshot(page, `${id}-resumed`);
  });
});

/**
 * A stand-in for the Redux DevTools extension (the page sees `window.__REDUX_DEVTOOLS_EXTENSION__`
 * as the extension defines it): it starts recording at once and keeps each action and state the
 * store sends, as JSON, with whether each was plain data (objects, arrays, strings, numbers,
 * booleans, null: what the extension can show and replay).
 */
function installDevtoolsRecorder(): void {
  const isPlain = (value: unknown): boolean => {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
    if (Array.isArray(value)) return value.every(isPlain);
    if (typeof value !== 'object') return false;
    const proto = Object.getPrototypeOf(value);
    return (proto === Object.prototype || proto === null) && Object.values(value as object).every((v) => v === undefined || isPlain(v));
  };
  const sent: { action: string; state: string; plain: boolean }[] = [];
  (window as any).__devtoolsSent = sent;
  (window as any).__REDUX_DEVTOOLS_EXTENSION__ = {
    connect: () => ({
      init: () => undefined,
      subscribe: (listener: (change: { type: string }) => void) => listener({ type: 'START' }),
      unsubscribe: () => undefined,
      // NgRx wraps each action the way the extension records it, `{ type: 'PERFORM_ACTION', action }` (its own class): the application's action is inside.
      send: (performed: { action: unknown }, state: unknown) =>
        sent.push({
          action: JSON.stringify(performed.action),
          state: JSON.stringify(state),
          plain: isPlain(performed.action) && isPlain(state),
        }),
      error: () => undefined,
    }),
    send: () => undefined,
  };
}

describe('the NgRx example in Redux DevTools', () => {
  let browser: Browser;
  let emulator: Emulator;
  let site: ExampleServer;

  beforeAll(async () => {
    emulator = await startEmulator();
    site = await startExampleServer(emulator, EXAMPLE_APPS);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await emulator?.close();
  });

  test('every action and state the store sends to the extension is plain data, and the last state is what the page shows', async () => {
    const context = await browser.newContext();
    await context.addInitScript(installDevtoolsRecorder);
    const page = await context.newPage();
    await page.goto(`${site.origin}/ngrx/`);
    await until('online', async () => (await statusOf(page)) === 'online');
    await send(page, 'hello devtools');
    await untilShown(page, ['echo: hello devtools']);

    type Sent = { action: string; state: string; plain: boolean };
    const sent = (await until('the store to send the echo to the extension', async () => {
      const all: Sent[] = await page.evaluate(() => (window as any).__devtoolsSent);
      return all.some((entry) => entry.state.includes('echo: hello devtools')) && all;
    })) as Sent[];
    const types = sent.map((entry) => JSON.parse(entry.action).type as string);
    expect(types).toEqual(
      expect.arrayContaining([
        '[Chat] Connect',
        '[Direct Line] Status Changed',
        '[Chat] Send',
        '[Direct Line] Post Started',
        '[Direct Line] Activity Received',
      ]),
    );
    expect(sent.filter((entry) => !entry.plain)).toEqual([]);
    const last = JSON.parse(sent[sent.length - 1].state).chat;
    const messages = last.activities.filter((a: { type: string }) => a.type === 'message').map((a: { text: string }) => a.text);
    expect(messages).toEqual(await textsOf(page));
    await context.close();
  });
});
