// The built UMD bundle, loaded after rxjs's own UMD bundle as a plain page would: DirectLineRx.createDirectLine
// talks to the emulator with the page's XMLHttpRequest and WebSocket (here xhr2 and ws stand in for them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import WebSocket from 'ws';
import { dist, repo, requireBuilt } from '../package/helpers';
import { until, useEmulator } from '../e2e/support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const XMLHttpRequest = require('xhr2');

beforeAll(() => requireBuilt('directline-rx.umd.min.js'));

/** A page: the globals a browser offers that the library uses, then the two script tags. */
function loadPage(): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const page: Record<string, unknown> = { XMLHttpRequest, WebSocket, setTimeout, clearTimeout, setInterval, clearInterval, TextEncoder, URL, fetch, Blob, FormData, Date };
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
