import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import WebSocket from 'ws';
import { DemoAssets } from '../../src/demo/assets';
import { createDemoHandler } from '../../src/demo/handler';
import { main } from '../../src/cli';
import { startEmulator, type Emulator } from '../../src/emulator';
import { call, Recorder } from '../emulator/helpers';

const originOf = (emulator: Emulator) => emulator.domain.replace(/\/v3\/directline$/, '');

describe('DemoAssets', () => {
  let root: string;
  const put = (path: string, text = path) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'demo-assets-'));
    put('package.json', JSON.stringify({ name: 'directline-rx' }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test("finds the page in dist/demo, the library's bundle in dist, vendor bundles in node_modules", () => {
    put('dist/demo/index.html');
    put('dist/demo/demo.js');
    put('dist/directline-rx.umd.min.js');
    put('node_modules/rxjs/dist/bundles/rxjs.umd.min.js');
    const assets = new DemoAssets(root);
    expect(assets.file('index.html', false)).toBe(join(root, 'dist/demo/index.html'));
    expect(assets.file('demo.js', false)).toBe(join(root, 'dist/demo/demo.js'));
    expect(assets.file('directline-rx.umd.min.js', true)).toBe(join(root, 'dist/directline-rx.umd.min.js'));
    expect(assets.file('rxjs.umd.min.js', true)).toBe(join(root, 'node_modules/rxjs/dist/bundles/rxjs.umd.min.js'));
  });

  test('an installed package finds Web Chat in the node_modules of the project around it', () => {
    const project = root;
    const pkg = join(project, 'node_modules', 'directline-rx');
    mkdirSync(join(pkg, 'dist', 'demo'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'directline-rx' }));
    writeFileSync(join(pkg, 'dist', 'demo', 'index.html'), '<html>');
    put('node_modules/botframework-webchat/dist/webchat.js');
    const assets = new DemoAssets(pkg);
    expect(assets.file('webchat.js', true)).toBe(join(project, 'node_modules/botframework-webchat/dist/webchat.js'));
  });

  test('nothing outside its lists: missing packages, unknown names, the page before it is built', () => {
    const assets = new DemoAssets(root);
    expect(assets.file('index.html', false)).toBeUndefined();
    expect(assets.file('webchat.js', true)).toBeUndefined();
    expect(assets.file('directline-rx.umd.min.js', true)).toBeUndefined();
    put('dist/demo/index.html');
    put('dist/demo/secret.txt');
    expect(new DemoAssets(root).file('secret.txt', false)).toBeUndefined();
    expect(new DemoAssets(root).file('package.json', true)).toBeUndefined();
  });
});

describe('the demo served by the emulator', () => {
  let emulator: Emulator;
  let origin: string;

  beforeEach(async () => {
    emulator = await startEmulator({ demo: createDemoHandler });
    origin = originOf(emulator);
  });
  afterEach(() => emulator.close());

  const api = (action: string, json: unknown = {}) => call(`${origin}/demo/api/${action}`, { method: 'POST', json });

  test('GET / is the page; its files and rxjs come with their content types; other paths are 404', async () => {
    const page = await call(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<title>directline-rx demo</title>');
    const script = await call(`${origin}/demo/panel.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await call(`${origin}/demo/vendor/rxjs.umd.min.js`)).status).toBe(200);
    for (const path of ['/demo/nothing.js', '/demo/..%2f..%2fpackage.json', '/demo/vendor/..%2fpackage.json', '/demo/api/nothing']) {
      expect((await call(`${origin}${path}`)).status).toBe(404);
    }
    expect((await call(`${emulator.domain}/nowhere`)).status).toBe(404);
  });

  test('without the option the emulator serves no page', async () => {
    const plain = await startEmulator();
    try {
      expect((await call(`${originOf(plain)}/`)).status).toBe(404);
      expect((await call(`${originOf(plain)}/demo/api/session`, { method: 'POST', json: {} })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  test('a demo option that is not a function (the boolean it once was) is refused with a TypeError, before anything listens', async () => {
    await expect(startEmulator({ demo: true as never })).rejects.toThrow(
      new TypeError("demo must be a function that makes the demo handler (the CLI passes the demo page's)"),
    );
  });

  test('a session is a conversation with a token for the page, and a key that gets it a new token', async () => {
    const session = (await api('session')).body;
    expect(session).toMatchObject({
      domain: emulator.domain,
      conversationId: expect.any(String),
      token: expect.any(String),
      key: expect.any(String),
    });
    expect(session.userId).toMatch(/^user-/);
    expect(JSON.stringify(session)).not.toContain(emulator.secret);
    const start = await call(`${emulator.domain}/conversations`, { method: 'POST', auth: session.token });
    expect(start.body.conversationId).toBe(session.conversationId);

    const renewed = await api('token', { key: session.key });
    expect(renewed.status).toBe(200);
    expect(renewed.body.conversationId).toBe(session.conversationId);
    expect(renewed.body.token).not.toBe(session.token);
    expect((await call(`${emulator.domain}/conversations/${session.conversationId}/activities`, { auth: renewed.body.token })).status).toBe(
      200,
    );

    expect((await api('token', { key: 'not-a-key' })).status).toBe(404);
    expect((await api('token', {})).status).toBe(404);
    const bad = await call(`${origin}/demo/api/token`, { method: 'POST', body: '{nope', headers: { 'Content-Type': 'application/json' } });
    expect(bad.status).toBe(400);
  });

  test("the fault levers act on the key's own conversation", async () => {
    const session = (await api('session')).body;
    const start = (await call(`${emulator.domain}/conversations`, { method: 'POST', auth: session.token })).body;
    const socket = new Recorder(new WebSocket(start.streamUrl));
    await new Promise((resolve) => socket.ws.once('open', resolve));

    expect((await api('fault', { key: session.key, action: 'dropSocket' })).status).toBe(200);
    await socket.until(() => socket.closed !== undefined);
    expect(socket.closed!.code).toBe(1011);

    expect((await api('fault', { key: session.key, action: 'failNextPost' })).status).toBe(200);
    const post = (auth: string) =>
      call(`${emulator.domain}/conversations/${session.conversationId}/activities`, {
        auth,
        json: { type: 'message', from: { id: session.userId }, text: 'hi' },
      });
    expect((await post(session.token)).status).toBe(500);
    expect((await post(session.token)).status).toBe(200);

    expect((await api('fault', { key: session.key, action: 'expireToken' })).status).toBe(200);
    expect((await post(session.token)).status).toBe(403);
    const renewed = (await api('token', { key: session.key })).body.token;
    expect((await post(renewed)).status).toBe(200);

    expect((await api('fault', { key: session.key, action: 'removeConversation' })).status).toBe(400);
    expect((await api('fault', { key: 'nope', action: 'dropSocket' })).status).toBe(404);
  });

  test('the scramble lever: the conversation’s livestream chunks come out of order and twice', async () => {
    const session = (await api('session')).body;
    const start = (await call(`${emulator.domain}/conversations`, { method: 'POST', auth: session.token })).body;
    const socket = new Recorder(new WebSocket(start.streamUrl));
    await new Promise((resolve) => socket.ws.once('open', resolve));
    expect((await api('fault', { key: session.key, action: 'scrambleLivestreams' })).status).toBe(200);
    const first = emulator.sendFromBot(session.conversationId, {
      type: 'typing',
      text: 'a',
      channelData: { streamType: 'streaming', streamSequence: 1 },
    });
    emulator.sendFromBot(session.conversationId, {
      type: 'typing',
      text: 'a b',
      channelData: { streamType: 'streaming', streamSequence: 2, streamId: first.id },
    });
    await socket.until(() => socket.activities.length === 3);
    expect(socket.activities.map((a) => a.text)).toEqual(['a b', 'a', 'a b']);
    socket.close();
  });

  test('events: the open sockets of the conversation, on each change', async () => {
    const session = (await api('session')).body;
    const controller = new AbortController();
    const res = await fetch(`${origin}/demo/api/events?key=${encodeURIComponent(session.key)}`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const events: number[] = [];
    let buffer = '';
    const next = async (): Promise<number> => {
      for (;;) {
        const m = /data: (.*)\n\n/.exec(buffer);
        if (m) {
          buffer = buffer.slice(m.index + m[0].length);
          return JSON.parse(m[1]).openSockets;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += Buffer.from(value).toString('utf8');
      }
    };
    try {
      events.push(await next());
      const start = (await call(`${emulator.domain}/conversations`, { method: 'POST', auth: session.token })).body;
      const socket = new WebSocket(start.streamUrl);
      await new Promise((resolve) => socket.once('open', resolve));
      events.push(await next());
      socket.terminate();
      events.push(await next());
      expect(events).toEqual([0, 1, 0]);
    } finally {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    }
    expect((await call(`${origin}/demo/api/events?key=nope`)).status).toBe(404);
  });

  test('the CLI with --no-demo serves no page and prints no URL', async () => {
    const lines: string[] = [];
    const output = { out: (line: string) => void lines.push(line), err: () => undefined };
    const cli = await main(['--port', '0', '--quiet', '--no-demo'], output);
    try {
      expect(lines.join('\n')).not.toContain('demo:');
      expect((await call(`${originOf(cli!)}/`)).status).toBe(404);
      expect((await call(`${cli!.domain}/conversations`, { method: 'POST', auth: cli!.secret })).status).toBe(201);
    } finally {
      process.removeAllListeners('SIGINT');
      process.removeAllListeners('SIGTERM');
      await cli?.close();
    }
  });

  test('the CLI serves the demo and prints the URL to open', async () => {
    const lines: string[] = [];
    const output = { out: (line: string) => void lines.push(line), err: () => undefined };
    const cli = await main(['--port', '0', '--quiet'], output);
    try {
      const url = `${originOf(cli!)}/`;
      expect(lines.join('\n')).toContain(`demo:   open ${url} in a browser`);
      expect((await call(url)).status).toBe(200);
    } finally {
      process.removeAllListeners('SIGINT');
      process.removeAllListeners('SIGTERM');
      await cli?.close();
    }
  });
});
