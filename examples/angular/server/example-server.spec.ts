import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from 'directline-rx/emulator';
import { startExampleServer, type ExampleServer } from './example-server';

/** One raw HTTP request (any Host header, any path as written). */
function call(origin: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const { hostname, port } = new URL(origin);
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('the Angular examples’ server: the built apps and their token backend on one origin', () => {
  let emulator: Emulator;
  let site: ExampleServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'example-server-'));
    for (const app of ['chat', 'ngrx']) {
      mkdirSync(join(dir, app));
      writeFileSync(join(dir, app, 'index.html'), `<title>${app}</title>`);
      writeFileSync(join(dir, app, 'main-ABC.js'), `console.log('${app}')`);
    }
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    emulator = await startEmulator();
    site = await startExampleServer(emulator, [
      { base: '/', dir: join(dir, 'chat') },
      { base: '/ngrx/', dir: join(dir, 'ngrx') },
    ]);
  });
  afterAll(async () => {
    await site?.close();
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves each app under its base, its index for a route, and nothing outside its folder', async () => {
    expect((await call(site.origin, '/')).body).toBe('<title>chat</title>');
    expect((await call(site.origin, '/main-ABC.js')).body).toBe("console.log('chat')");
    expect((await call(site.origin, '/ngrx/main-ABC.js')).body).toBe("console.log('ngrx')");
    expect((await call(site.origin, '/ngrx/some/route')).body).toBe('<title>ngrx</title>');
    const bare = await call(site.origin, '/ngrx');
    expect([bare.status, bare.headers.location]).toEqual([301, '/ngrx/']);
    expect((await call(site.origin, '/missing.js')).status).toBe(404);
    expect((await call(site.origin, '/../secret.txt')).status).toBe(404);
    expect((await call(site.origin, '/ngrx/%2e%2e/%2e%2e/secret.txt')).status).toBe(404);
  });

  it('hands its own pages a token for a new conversation, and refuses other origins (403) and other host names (421)', async () => {
    const json = { 'Content-Type': 'application/json' };
    const own = await call(site.origin, '/demo/api/session', { method: 'POST', headers: { ...json, Origin: site.origin }, body: '{}' });
    expect(own.status).toBe(200);
    const answer = JSON.parse(own.body);
    expect(answer).toMatchObject({
      domain: emulator.domain,
      token: expect.any(String),
      conversationId: expect.any(String),
      key: expect.any(String),
    });

    const foreign = await call(site.origin, '/demo/api/session', {
      method: 'POST',
      headers: { ...json, Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body).not.toContain('token');
    const rebound = await call(site.origin, '/demo/api/session', {
      method: 'POST',
      headers: { ...json, Host: 'evil.example' },
      body: '{}',
    });
    expect(rebound.status).toBe(421);
  });
});
