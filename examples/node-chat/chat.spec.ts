import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { testOptions, until, useEmulator } from '../../spec/e2e/support';
import { botChunk, botFinal } from '../../spec/helpers/livestream-activities';
import { runChat } from './chat';
import { VirtualTerminal } from './virtual-terminal';

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

/** runChat on a terminal of 80 columns (a virtual one), Online; its screen, input and conversation. */
async function onTerminal(em: ReturnType<typeof emulator>) {
  const screen = new VirtualTerminal(80);
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
  output.on('data', (chunk: Buffer) => screen.write(chunk.toString('utf8')));
  const done = runChat({ connection: testOptions(em), input, output });
  expect(await until(() => screen.rows().includes('* status: Online'), 15000)).toBe(true);
  return { screen, input, done, conversationId: conversationOf(screen.rows().join('\n')) };
}

describe('node-chat example', () => {
  it('chats with the bot, prints each status change and the reconnect after a dropped socket, and quits on /quit', async () => {
    const em = emulator();
    const t = terminal();
    const done = runChat({ connection: testOptions(em), input: t.input, output: t.output });
    t.type('hello');
    expect(await until(() => t.printed().includes('Bot> echo: hello'), 15000)).toBe(true);
    expect(t.lines().filter((l) => l.startsWith('* status:'))).toEqual([
      '* status: Uninitialized',
      '* status: Connecting',
      '* status: Online',
    ]);

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

  it('on a terminal a livestream is one line, rewritten in place as it grows, then by its final text; stale and late chunks change nothing', async () => {
    const em = emulator();
    const { screen, input, done, conversationId } = await onTerminal(em);
    const botLines = () => screen.rows().filter((r) => r.startsWith('Bot>'));
    const first = em.sendFromBot(conversationId, {
      ...botChunk(1, 'Preparing…'),
      channelData: { streamType: 'informative', streamSequence: 1 },
    });
    const streamId = first.id as string;
    expect(await until(() => botLines().length === 1, 5000)).toBe(true);
    expect(botLines()).toEqual(['Bot> … Preparing…']);
    em.sendFromBot(conversationId, botChunk(2, 'The quick', streamId));
    expect(await until(() => botLines()[0] === 'Bot> The quick', 5000)).toBe(true);
    em.sendFromBot(conversationId, botChunk(3, 'The quick brown fox', streamId));
    expect(await until(() => botLines()[0] === 'Bot> The quick brown fox', 5000)).toBe(true);
    em.sendFromBot(conversationId, botChunk(2, 'The quick', streamId)); // stale
    em.sendFromBot(conversationId, botFinal('The quick brown fox jumps.', streamId));
    em.sendFromBot(conversationId, botChunk(4, 'late', streamId)); // after the final
    em.sendFromBot(conversationId, { type: 'message', text: 'next', from: { id: 'bot', name: 'Bot' } });
    expect(await until(() => botLines().includes('Bot> next'), 5000)).toBe(true);
    // One line for the whole livestream, rewritten in place; the prompt stays last.
    expect(botLines()).toEqual(['Bot> The quick brown fox jumps.', 'Bot> next']);
    expect(
      screen
        .rows()
        .filter((r) => r !== '')
        .pop(),
    ).toBe('you>');
    input.write('/quit\n');
    await expect(done).resolves.toBe(0);
  });

  it('on a terminal a contentless final removes the live line; through a pipe only the final text is printed', async () => {
    const em = emulator();
    const { screen, input, done, conversationId } = await onTerminal(em);
    const first = em.sendFromBot(conversationId, botChunk(1, 'draft'));
    expect(await until(() => screen.rows().includes('Bot> draft'), 5000)).toBe(true);
    em.sendFromBot(conversationId, {
      type: 'typing',
      from: { id: 'bot', name: 'Bot' },
      channelData: { streamType: 'final', streamId: first.id },
    });
    em.sendFromBot(conversationId, { type: 'message', text: 'after', from: { id: 'bot', name: 'Bot' } });
    expect(await until(() => screen.rows().includes('Bot> after'), 5000)).toBe(true);
    expect(screen.rows().filter((r) => r.startsWith('Bot>'))).toEqual(['Bot> after']);
    input.write('/quit\n');
    await expect(done).resolves.toBe(0);

    // Through a pipe: the echo bot's livestream prints as one line, its final text, and no typing line.
    const t = terminal();
    const piped = runChat({ connection: testOptions(em), input: t.input, output: t.output });
    expect(await until(() => t.printed().includes('* status: Online'), 15000)).toBe(true);
    t.type('stream big red fox');
    expect(await until(() => t.printed().includes('Bot> echo: big red fox'), 15000)).toBe(true);
    t.type('/quit');
    await expect(piped).resolves.toBe(0);
    expect(t.lines().filter((l) => l.startsWith('Bot'))).toEqual(['Bot> echo: big red fox']);
  });

  it('the command line starts an emulator when given no secret, and ends when its input ends', async () => {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/node-chat/main.ts', '--user', 'cli-user'], {
      cwd: root,
      env: { ...process.env, DIRECT_LINE_SECRET: '', DIRECT_LINE_TOKEN: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
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
