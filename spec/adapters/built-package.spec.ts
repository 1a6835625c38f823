// createDirectLine from the built files: the UMD bundle loaded after rxjs's own UMD bundle as a plain page
// would (xhr2 and ws stand in for the page's XMLHttpRequest and WebSocket), and the Node entry in plain Node.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import WebSocket from 'ws';
import { dist, repo, requireBuilt, runNode } from '../package/helpers';
import { until, useEmulator } from '../e2e/support';

const XMLHttpRequest = require('xhr2');

beforeAll(() => requireBuilt('directline-rx.umd.min.js', 'node.cjs', 'node.mjs', 'emulator.cjs'));

/** A page: the globals a browser offers that the library uses, then the two script tags. */
function loadPage(): Record<string, any> {
  const page: Record<string, unknown> = {
    XMLHttpRequest,
    WebSocket,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    TextEncoder,
    URL,
    fetch,
    Blob,
    FormData,
    Date,
  };
  page.self = page;
  page.window = page;
  vm.createContext(page);
  vm.runInContext(fs.readFileSync(path.join(repo, 'node_modules/rxjs/dist/bundles/rxjs.umd.min.js'), 'utf8'), page);
  vm.runInContext(fs.readFileSync(path.join(dist, 'directline-rx.umd.min.js'), 'utf8'), page);
  return page;
}

describe('the UMD bundle', () => {
  const emulator = useEmulator();

  it('exposes DirectLineRx.createDirectLine, which chats with the emulator like Web Chat would', async () => {
    const em = emulator();
    const page = loadPage();
    expect(typeof page.DirectLineRx.createDirectLine).toBe('function');
    const directLine = page.DirectLineRx.createDirectLine({ secret: em.secret, domain: em.domain });
    expect(directLine.connectionStatus$.value).toBe(0);
    const received: Array<{ text?: string; from?: { id: string } }> = [];
    directLine.activity$.subscribe((a: { text?: string }) => received.push(a));
    expect(await until(() => directLine.connectionStatus$.value === 2, 10000)).toBe(true);
    const ids: string[] = [];
    directLine
      .postActivity({ type: 'message', text: 'from a page', from: { id: 'r_page', role: 'user' }, channelData: { clientActivityID: 'p1' } })
      .subscribe((id: string) => ids.push(id));
    expect(await until(() => received.some((a) => a.text === 'echo: from a page'), 10000)).toBe(true);
    expect(ids).toHaveLength(1);
    expect(received.find((a) => a.text === 'from a page')?.from?.id).toBe('r_page');
    directLine.end();
    expect(directLine.connectionStatus$.value).toBe(5);
  });
});

// Runs in a plain Node: an emulator, and createDirectLine from the given entry with no transports passed.
const chat = (load: string) => `
const { startEmulator } = require(${JSON.stringify(path.join(dist, 'emulator.cjs'))});
(async () => {
  const m = ${load};
  const em = await startEmulator({ port: 0, host: '127.0.0.1' });
  const directLine = m.createDirectLine({ secret: em.secret, domain: em.domain });
  const texts = [];
  directLine.activity$.subscribe((a) => texts.push(a.text));
  const id = await new Promise((resolve, reject) => directLine.postActivity({ type: 'message', text: 'hi', from: { id: 'r_node' } }).subscribe({ next: resolve, error: reject }));
  const deadline = Date.now() + 10000;
  while (!texts.includes('echo: hi') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const status = directLine.connectionStatus$.value;
  directLine.end();
  await em.close();
  process.stdout.write(JSON.stringify({ id: typeof id, texts, status, own: m.createDirectLine !== require(${JSON.stringify(path.join(dist, 'index.cjs'))}).createDirectLine }));
})().catch((err) => process.stdout.write(JSON.stringify({ error: String(err) })));
`;

describe('the Node entry, built', () => {
  const expected = { id: 'string', texts: ['hi', 'echo: hi'], status: 2, own: true };
  it('require(dist/node.cjs).createDirectLine uses ws and xhr2 by default', () => {
    expect(runNode(chat(`require(${JSON.stringify(path.join(dist, 'node.cjs'))})`))).toEqual(expected);
  });
  it('import(dist/node.mjs).createDirectLine uses ws and xhr2 by default', () => {
    expect(runNode(chat(`await import(${JSON.stringify(`file://${path.join(dist, 'node.mjs')}`)})`))).toEqual(expected);
  });
});
