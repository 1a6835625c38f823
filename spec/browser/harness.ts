import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, until } from '../../scripts/chromium';
import { createDemoHandler } from '../../src/demo/handler';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator';

/** Where each step's screenshot goes (CI prints the folder). */
export const ARTIFACTS = resolve(process.env.BROWSER_ARTIFACTS ?? join(__dirname, '..', '..', 'artifacts', 'browser'));

export { launchChromium as launchBrowser, until } from '../../scripts/chromium';

/**
 * The emulator on one origin and the demo page with its backend on another (as an application's
 * page and server would be), so every Direct Line call from the page is a cross-origin request.
 */
export interface DemoSite {
  emulator: Emulator;
  /** Origin of the page, e.g. http://127.0.0.1:40123 */
  pageOrigin: string;
  close(): Promise<void>;
}

export async function startDemoSite(options: EmulatorOptions = {}): Promise<DemoSite> {
  // Keep-alives every second so that a stalled socket is noticed within a few seconds (silenceMs in the page).
  const emulator = await startEmulator({ keepAliveMs: 1000, ...options });
  const handler = createDemoHandler(() => emulator);
  const server: Server = createServer((req, res) => {
    handler(req, res).then(
      (handled) => {
        if (!handled) res.writeHead(404).end();
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const pageOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    emulator,
    pageOrigin,
    async close() {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await emulator.close();
    },
  };
}

export interface PanelFigures {
  status: number;
  received: number;
  wireRepeats: number;
  delivered: number;
  deliveredIds: string[];
  deliveredDuplicates: number;
  watermark?: string;
  lastReconnectMs?: number;
  openSockets?: number;
}

export const figures = (page: Page): Promise<PanelFigures> => page.evaluate(() => (window as any).DemoPanel.figures());
export const conversationIdOf = (page: Page): Promise<string> => page.evaluate(() => (window as any).demo.session.conversationId);

/** Opens the demo page in a fresh context (fresh sessionStorage) and waits until it is Online. */
export async function openDemo(browser: Browser, site: DemoSite, query = ''): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${site.pageOrigin}/${query}`);
  await until(
    'the page to be Online',
    async () => (await figures(page)).status === 2 && (await page.locator('#status').textContent()) === 'Online',
  ).catch((error) => {
    throw new Error(`${error.message}; page errors: ${errors.join(' | ') || 'none'}`);
  });
  return { context, page };
}

/** The demo site and a browser for the tests of one describe block. */
export interface DemoPages {
  /** The running demo site. */
  readonly site: DemoSite;
  /** Opens the demo page in a fresh context and waits until it is Online (see openDemo); closed after the test. */
  open(query?: string): Promise<Page>;
  /** A fresh context of the demo's size, nothing opened yet; closed after the test. */
  newContext(): Promise<BrowserContext>;
}

/**
 * Starts a browser and the demo site before the describe block's tests and stops them after; the
 * context a test opens is closed after that test.
 */
export function demoPages(): DemoPages {
  let browser: Browser | undefined;
  let site: DemoSite | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    site = await startDemoSite();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  const started = () => {
    if (!browser || !site) throw new Error('the demo site is not started: use demoPages() inside a describe block');
    return { browser, site };
  };
  return {
    get site() {
      return started().site;
    },
    async open(query = '') {
      const { browser, site } = started();
      const opened = await openDemo(browser, site, query);
      context = opened.context;
      return opened.page;
    },
    async newContext() {
      context = await started().browser.newContext({ viewport: { width: 1280, height: 800 } });
      return context;
    },
  };
}

let shot = 0;
/** Saves a screenshot of the whole page as `<spec>-<n>-<name>.png` under ARTIFACTS. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const spec = basename(expect.getState().testPath ?? 'browser', '.spec.ts');
  const path = join(ARTIFACTS, `${spec}-${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path });
  return path;
}

// ---- Web Chat ----

const SEND_BOX = '[data-id="webchat-sendbox-input"]';
const ACTIVITY = '.webchat__basic-transcript__activity';

export async function sendText(page: Page, text: string): Promise<void> {
  const box = page.locator(SEND_BOX);
  await box.fill(text);
  await box.press('Enter');
}

/** The text of each activity Web Chat renders, in order. */
export function renderedTexts(page: Page): Promise<string[]> {
  return page.$$eval(ACTIVITY, (nodes) =>
    nodes.map(
      (node) =>
        (node.querySelector('.webchat__text-content') as HTMLElement | null)?.innerText.trim() ?? (node as HTMLElement).innerText.trim(),
    ),
  );
}

/** How many times each of `texts` is rendered. */
export async function renderedCounts(page: Page, texts: string[]): Promise<Record<string, number>> {
  const rendered = await renderedTexts(page);
  return Object.fromEntries(texts.map((t) => [t, rendered.filter((r) => r === t).length]));
}

/** Waits until each of `texts` is rendered at least once. */
export function untilRendered(page: Page, texts: string[], timeoutMs = 20_000): Promise<unknown> {
  return until(
    `${JSON.stringify(texts)} to be rendered`,
    async () => Object.values(await renderedCounts(page, texts)).every((n) => n >= 1),
    timeoutMs,
  );
}

/** The message activities the emulator stored for the conversation, in order. */
export function storedMessages(emulator: Emulator, conversationId: string): { id: string; text?: string }[] {
  return emulator
    .activities(conversationId)
    .filter((a) => a.type === 'message')
    .map((a) => ({ id: a.id as string, text: a.text }));
}
