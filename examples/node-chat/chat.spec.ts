import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { testOptions, until, useEmulator } from '../../spec/e2e/support';
import { runChat } from './chat';

const emulator = useEmulator();

/** The conversation id the chat prints when it starts one. */
function conversationOf(printed: string): string {
  const match = /\* conversation: (\S+)/.exec(printed);
  if (!match) throw new Error(`no conversation printed in:\n${printed}`);
  return match[1];
}

/** runChat on in-memory streams: `type` a line, read what was printed. */
function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  return { input, output, type: (line: string) => input.write(`${line}\n`), printed: () => printed, lines: () => printed.split('\n') };
}

describe('node-chat example', () => {
  it('chats with the bot, prints each status change and the reconnect after a dropped socket, and quits on /quit', async () => {
    const em = emulator();
    const t = terminal();
    const done = runChat({ connection: testOptions(em), input: t.input, output: t.output });
    t.type('hello');
    expect(await until(() => t.printed().includes('Bot> echo: hello'), 15000)).toBe(true);
    expect(t.lines().filter((l) => l.startsWith('* status:'))).toEqual(['* status: Uninitialized', '* status: Connecting', '* status: Online']);

    const conversationId = conversationOf(t.printed());
    em.faults.dropSocket(conversationId);
    expect(await until(() => /\* reconnecting: attempt 1 in \d+ ms \(SocketClosed\)/.test(t.printed()), 15000)).toBe(true);
    expect(await until(() => t.lines().filter((l) => l === '* status: Online').length === 2, 15000)).toBe(true);
    em.sendFromBot(conversationId, { type: 'message', text: 'after the drop' });
    expect(await until(() => t.printed().includes('Bot> after the drop'), 15000)).toBe(true);

    t.type('/quit');
    await expect(done).resolves.toBe(0);
    const lines = t.lines();
    expect(lines.filter((l) => l.startsWith('* status:'))).toEqual([
      '* status: Uninitialized',
      '* status: Connecting',
      '* status: Online',
      '* status: Connecting',
      '* status: Online',
      '* status: Ended',
    ]);
    // each bot message once, never the user's own echo
    expect(lines.filter((l) => l.startsWith('Bot> '))).toEqual(['Bot> echo: hello', 'Bot> after the drop']);
    expect(lines.some((l) => l.includes('hello') && !l.startsWith('Bot>'))).toBe(false);
  });

  it('prints a post the service refuses, and ends with 1 when the connection fails for good', async () => {
    const em = emulator();
    const t = terminal();
    em.faults.failNext('activities/post', 1, 400);
    const done = runChat({ connection: testOptions(em), input: t.input, output: t.output });
    t.type('refused');
    expect(await until(() => t.printed().includes('* not sent: "refused" (BadArgument, HTTP 400)'), 15000)).toBe(true);
    const conversationId = conversationOf(t.printed());
    em.faults.removeConversation(conversationId);
    em.faults.dropSocket(conversationId);
    await expect(done).resolves.toBe(1);
    expect(t.printed()).toMatch(/\* the conversation is over: .*HTTP 404/);
  });

  it('the command line starts an emulator when given no secret, and ends when its input ends', async () => {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/node-chat/main.ts', '--user', 'cli-user'], { cwd: root, env: { ...process.env, DIRECT_LINE_SECRET: '', DIRECT_LINE_TOKEN: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stdin.end('hi\n');
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 25000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(out).toMatch(/chatting with the emulator's echo bot at http:\/\/127\.0\.0\.1:\d+\/v3\/directline/);
    expect(out).toContain('* status: Ended');
    expect(code).toBe(0);
  });
});

