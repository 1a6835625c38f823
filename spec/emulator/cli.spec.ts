import { main, parseArgs } from '../../src/cli';
import type { Emulator } from '../../src/emulator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTE_NAMES } from '../../src/emulator/control/faults';
import { call } from './helpers';

describe('parseArgs', () => {
  test('defaults to port 3000 and reads every option', () => {
    expect(parseArgs([])).toEqual({ port: 3000, demo: true });
    expect(parseArgs(['--no-demo'])).toEqual({ port: 3000, demo: false });
    expect(
      parseArgs([
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--bot',
        'http://127.0.0.1:3978/api/messages',
        '--secret',
        's3cret',
        '--public-url=https://x.example',
      ]),
    ).toEqual({
      port: 0,
      host: '127.0.0.1',
      bot: 'http://127.0.0.1:3978/api/messages',
      secret: 's3cret',
      publicBaseUrl: 'https://x.example',
      demo: true,
    });
  });

  test("a later option wins, so `npm start -- --port N` overrides the script's --port 3000", () => {
    expect(parseArgs(['--port', '3000', '--port', '4000'])).toMatchObject({ port: 4000 });
  });

  test('rejects bad arguments', () => {
    expect(() => parseArgs(['--port', 'abc'])).toThrow('--port');
    expect(() => parseArgs(['--bot', 'ftp://x'])).toThrow('--bot');
    expect(() => parseArgs(['--secret'])).toThrow('needs a value');
    expect(() => parseArgs(['--what'])).toThrow('Unknown argument');
  });
});

describe('main', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    jest.restoreAllMocks();
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    process.exitCode = undefined;
  });

  test('prints the domain and the secret, then one redacted line per request', async () => {
    const lines: string[] = [];
    const output = { out: (line: string) => void lines.push(line), err: () => undefined };
    emulator = await main(['--port', '0', '--secret', 'my-very-secret-secret'], output);
    expect(emulator).toBeDefined();
    expect(lines.join('\n')).toContain(emulator!.domain);
    expect(lines.join('\n')).toContain('my-very-secret-secret');
    const printed = lines.length;
    const conv = (await call(`${emulator!.domain}/conversations`, { method: 'POST', auth: 'my-very-secret-secret' })).body;
    await call(`${emulator!.domain}/conversations/${conv.conversationId}?watermark=w0`, { auth: conv.token });
    await call(`${emulator!.domain}/nowhere`);
    await new Promise((r) => setTimeout(r, 20));
    const requestLines = lines.slice(printed);
    expect(requestLines).toHaveLength(3);
    expect(requestLines[0]).toMatch(/^POST \/v3\/directline\/conversations 201 \d+ms$/);
    expect(requestLines[1]).toMatch(new RegExp(`^GET /v3/directline/conversations/${conv.conversationId}\\?watermark=w0 200 \\d+ms$`));
    expect(requestLines[2]).toMatch(/^GET \/v3\/directline\/nowhere 404 \d+ms$/);
    for (const line of requestLines) {
      expect(line).not.toContain(conv.token);
      expect(line).not.toContain('my-very-secret-secret');
    }
  });

  test('redacts the stream token of WebSocket handshakes', async () => {
    const lines: string[] = [];
    const output = { out: (line: string) => void lines.push(line), err: () => undefined };
    emulator = await main(['--port', '0'], output);
    const conv = (await call(`${emulator!.domain}/conversations`, { method: 'POST', auth: emulator!.secret })).body;
    const t = new URL(conv.streamUrl).searchParams.get('t')!;
    const WebSocket = (await import('ws')).default;
    const ws = new WebSocket(conv.streamUrl);
    await new Promise((r) => ws.once('open', r));
    ws.close();
    await new Promise((r) => ws.once('close', r));
    const reused = new WebSocket(conv.streamUrl);
    reused.on('error', () => undefined);
    await new Promise((r) => reused.once('unexpected-response', r));
    reused.terminate();
    await new Promise((r) => setTimeout(r, 50));
    const streamLines = lines.filter((l) => l.includes('/stream'));
    expect(streamLines).toHaveLength(2);
    expect(streamLines[0]).toMatch(/^GET \/v3\/directline\/conversations\/.+\/stream\?t=\[redacted\] 101 \d+ms$/);
    expect(streamLines[1]).toMatch(/ 403 \d+ms$/);
    expect(lines.join('\n')).not.toContain(t);
  });

  test('--help tells every option, and that the secret is random unless --secret is given', async () => {
    const lines: string[] = [];
    const output = { out: (line: string) => void lines.push(line), err: () => undefined };
    expect(await main(['--help'], output)).toBeUndefined();
    const usage = lines.join('\n');
    expect(usage).toMatch(/--secret S\s+the Direct Line secret clients use \(default: a new random one/);
    for (const flag of [
      '--port',
      '-p',
      '--host',
      '--bot',
      '--secret',
      '--public-url',
      '--allowed-host',
      '--max-conversation-upload-bytes',
      '--max-total-upload-bytes',
      '--quiet',
      '-q',
      '--help',
      '-h',
    ]) {
      expect(usage).toContain(flag);
    }
    expect(process.exitCode).toBeUndefined();
  });

  test('--help names every admin action of the emulator README and every route a fault can target', async () => {
    const lines: string[] = [];
    const output = { out: (line: string) => void lines.push(line), err: () => undefined };
    await main(['--help'], output);
    const usage = lines.join('\n');
    const readme = readFileSync(join(__dirname, '..', '..', 'src', 'emulator', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Admin routes'), readme.indexOf('\n## ', readme.indexOf('## Admin routes') + 1));
    const actions = [...table.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(actions.length).toBeGreaterThan(10);
    for (const name of [...actions, ...ROUTE_NAMES, 'POST /_emulator/{action}']) expect(usage).toContain(name);
  });

  test('prints usage and sets an exit code on a bad argument', async () => {
    const errors: string[] = [];
    const output = { out: () => undefined, err: (line: string) => void errors.push(line) };
    expect(await main(['--nope'], output)).toBeUndefined();
    expect(process.exitCode).toBe(2);
    expect(errors.join('\n')).toContain('Usage: directline-emulator');
  });
});
