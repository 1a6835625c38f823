import { createDemoHandler } from '../../src/demo/handler';
import WebSocket from 'ws';
import { startEmulator, type Emulator } from '../../src/emulator';
import { parseArgs } from '../../src/cli';
import { call } from './helpers';
import { raw } from './raw-http';

let emu: Emulator;
let origin: string;
beforeEach(async () => {
  emu = await startEmulator({ demo: createDemoHandler, allowedHosts: ['chat.test:8080'] });
  origin = emu.domain.replace('/v3/directline', '');
});
afterEach(() => emu.close());

const port = () => new URL(origin).port;
const json = (extra: Record<string, string> = {}) => ({ 'Content-Type': 'application/json', ...extra });

describe('same origin only for the demo API and the admin routes', () => {
  test('a page of another origin gets 403 and no Access-Control-Allow-Origin, on the demo API, its events and the admin routes', async () => {
    const foreign = { Origin: 'http://evil.example' };
    const session = await raw(`${origin}/demo/api/session`, { headers: json(foreign), body: '{}' });
    expect(session.status).toBe(403);
    expect(session.headers['access-control-allow-origin']).toBeUndefined();
    expect(session.headers['access-control-allow-credentials']).toBeUndefined();
    const events = await raw(`${origin}/demo/api/events?key=x`, { headers: foreign });
    expect(events.status).toBe(403);
    const admin = await raw(`${origin}/_emulator/stats`, {
      headers: json({ ...foreign, Authorization: `Bearer ${emu.secret}` }),
      body: '{}',
    });
    expect(admin.status).toBe(403);
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await raw(`${origin}/demo/api/session`, {
      method: 'OPTIONS',
      headers: { ...foreign, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    // A page of localhost on another port is another origin too; `null` (a sandboxed frame) as well.
    expect((await raw(`${origin}/demo/api/session`, { headers: json({ Origin: 'http://localhost:1' }), body: '{}' })).status).toBe(403);
    expect((await raw(`${origin}/demo/api/session`, { headers: json({ Origin: 'null' }), body: '{}' })).status).toBe(403);
    expect(emu.stats().conversations).toBe(0);
  });

  test('a form POST from another site is refused: with its Origin, or without one but marked cross-site, or as a form', async () => {
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    expect((await raw(`${origin}/demo/api/session`, { headers: { ...form, Origin: 'https://evil.example' }, body: 'a=1' })).status).toBe(
      403,
    );
    expect((await raw(`${origin}/demo/api/session`, { headers: { ...form, 'Sec-Fetch-Site': 'cross-site' }, body: 'a=1' })).status).toBe(
      403,
    );
    expect((await raw(`${origin}/demo/api/session`, { headers: { ...json(), 'Sec-Fetch-Site': 'same-site' }, body: '{}' })).status).toBe(
      403,
    );
    // Even from the page's own origin, the demo API takes JSON only.
    expect((await raw(`${origin}/demo/api/session`, { headers: { ...form, Origin: origin }, body: 'a=1' })).status).toBe(415);
    expect(
      (await raw(`${origin}/demo/api/session`, { headers: { 'Content-Type': 'text/plain', Origin: origin }, body: '{}' })).status,
    ).toBe(415);
    expect(emu.stats().conversations).toBe(0);
  });

  test('the page itself (same origin, by 127.0.0.1 or localhost) and callers without a browser are served', async () => {
    const own = await raw(`${origin}/demo/api/session`, { headers: json({ Origin: origin, 'Sec-Fetch-Site': 'same-origin' }), body: '{}' });
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBeUndefined();
    // Visited as http://localhost:PORT, the page's Origin names localhost, as its Host does.
    const byName = await raw(`${origin}/demo/api/session`, {
      headers: json({ Host: `localhost:${port()}`, Origin: `http://localhost:${port()}` }),
      body: '{}',
    });
    expect(byName.status).toBe(200);
    expect((await call(`${origin}/demo/api/session`, { method: 'POST', json: {} })).status).toBe(200);
    expect((await call(`${origin}/_emulator/stats`, { method: 'POST', auth: emu.secret, json: {} })).status).toBe(200);
  });

  test('the page and its files open from a link on any site (they hold nothing), without CORS', async () => {
    const page = await raw(`${origin}/`, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(page.status).toBe(200);
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect((await raw(`${origin}/demo/demo.js`, { headers: { Origin: 'http://evil.example' } })).status).toBe(200);
  });

  test('the Direct Line routes keep answering pages of any origin (Web Chat runs on other sites)', async () => {
    const start = await raw(`${emu.domain}/conversations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${emu.secret}`, Origin: 'http://app.example' },
    });
    expect(start.status).toBe(201);
    expect(start.headers['access-control-allow-origin']).toBe('http://app.example');
    const preflight = await raw(`${emu.domain}/conversations`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://app.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
  });
});

describe('the Host allow-list', () => {
  test('a foreign Host (DNS rebinding) is refused with 421 before any route: demo, admin, Direct Line, Bot Connector', async () => {
    const evil = `rebind.evil.example:${port()}`;
    const attempts = [
      raw(`${origin}/`, { headers: { Host: evil } }),
      raw(`${origin}/demo/api/session`, { headers: json({ Host: evil }), body: '{}' }),
      raw(`${origin}/_emulator/stats`, { headers: json({ Host: evil, Authorization: `Bearer ${emu.secret}` }), body: '{}' }),
      raw(`${emu.domain}/conversations`, { method: 'POST', headers: { Host: evil, Authorization: `Bearer ${emu.secret}` } }),
      raw(`${emu.domain}/tokens/generate`, { method: 'POST', headers: { Host: evil, Authorization: `Bearer ${emu.secret}` } }),
      raw(`${origin}/v3/conversations/x/activities`, { headers: json({ Host: evil }), body: '{"type":"message"}' }),
    ];
    for (const answer of await Promise.all(attempts)) {
      expect(answer.status).toBe(421);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(emu.stats().conversations).toBe(0);
    expect(emu.stats().requests['conversations/start']).toBe(0);
  });

  test('a WebSocket upgrade naming a foreign Host is refused with 421', async () => {
    const conv = (await call(`${emu.domain}/conversations`, { method: 'POST', auth: emu.secret })).body;
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(conv.streamUrl, { headers: { Host: `evil.example:${port()}` } });
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('open', () => reject(new Error('opened')));
      ws.once('error', () => undefined);
    });
    expect(status).toBe(421);
    expect(emu.openSockets()).toBe(0);
  });

  test('loopback names, the listening address, allowedHosts and the host of publicBaseUrl are served', async () => {
    const get = (host: string) =>
      raw(`${emu.domain}/session/getsessionid`, { headers: { Host: host, Authorization: `Bearer ${emu.secret}` } });
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `LOCALHOST`, `[::1]:${port()}`, 'chat.test', 'chat.test:9']) {
      expect({ host, status: (await get(host)).status }).toEqual({ host, status: 200 });
    }
    expect((await get('proxy.test')).status).toBe(421);
    emu.faults.setPublicBaseUrl('https://proxy.test/base');
    expect((await get('proxy.test')).status).toBe(200);
    emu.faults.setPublicBaseUrl(undefined);
    expect((await get('proxy.test')).status).toBe(421);
  });

  test('the CLI takes --allowed-host, as often as needed', () => {
    expect(parseArgs(['--allowed-host', 'a.test', '--allowed-host=b.test:3000']).allowedHosts).toEqual(['a.test', 'b.test:3000']);
  });
});
