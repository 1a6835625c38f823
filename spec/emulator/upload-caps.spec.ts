import { startEmulator, type Emulator } from '../../src/emulator';
import { parseArgs } from '../../src/cli';
import { call } from './helpers';

let emu: Emulator;
afterEach(() => emu?.close());

const start = async () => (await call(`${emu.domain}/conversations`, { method: 'POST', auth: emu.secret })).body;
const upload = (conv: any, bytes: number) =>
  call(`${emu.domain}/conversations/${conv.conversationId}/upload?userId=u`, {
    auth: conv.token,
    body: new Uint8Array(bytes),
    headers: { 'Content-Type': 'application/octet-stream' },
  });
const multipart = (conv: any, sizes: number[]) => {
  const form = new FormData();
  sizes.forEach((size, i) => form.append('file', new Blob([new Uint8Array(size)]), `f${i}.bin`));
  return call(`${emu.domain}/conversations/${conv.conversationId}/upload?userId=u`, { auth: conv.token, body: form });
};

test('per conversation: uploads up to the cap are kept, one more byte is 413 and nothing of it is kept', async () => {
  emu = await startEmulator({ maxConversationUploadBytes: 1000, maxTotalUploadBytes: 10_000 });
  const conv = await start();
  expect((await upload(conv, 600)).status).toBe(200);
  expect((await upload(conv, 400)).status).toBe(200);
  const over = await upload(conv, 1);
  expect(over.status).toBe(413);
  expect(over.body.error.code).toBe('MessageSizeTooBig');
  expect(emu.stats().uploadBytes).toBe(1000);
  expect(emu.activities(conv.conversationId).filter((a) => a.from?.role === 'user')).toHaveLength(2);
  // Another conversation has its own room.
  expect((await upload(await start(), 1000)).status).toBe(200);
  expect(emu.stats().uploadBytes).toBe(2000);
});

test('several files in one upload are kept all or none', async () => {
  emu = await startEmulator({ maxConversationUploadBytes: 1000 });
  const conv = await start();
  expect((await multipart(conv, [300, 300])).status).toBe(200);
  // 300 + 300 more would be 1,200: neither is kept (the multipart overhead alone may already be over).
  expect((await multipart(conv, [300, 300])).status).toBe(413);
  expect(emu.stats().uploadBytes).toBe(600);
});

test('per process: the total cap holds across conversations (413), and a freed conversation frees its bytes', async () => {
  emu = await startEmulator({ maxConversationUploadBytes: 1000, maxTotalUploadBytes: 2500 });
  const a = await start();
  const b = await start();
  const c = await start();
  expect((await upload(a, 1000)).status).toBe(200);
  expect((await upload(b, 1000)).status).toBe(200);
  expect((await upload(c, 501)).status).toBe(413);
  expect((await upload(c, 500)).status).toBe(200);
  expect(emu.stats().uploadBytes).toBe(2500);
  emu.faults.removeConversation(a.conversationId);
  expect(emu.stats().uploadBytes).toBe(1500);
  expect((await upload(c, 500)).status).toBe(200);
  expect((await upload(b, 1)).status).toBe(413);
});

test('a conversation freed when nothing can reach it frees its files', async () => {
  emu = await startEmulator({ tokenLifetimeSec: 1, streamUrlLifetimeMs: 1, maxConversationUploadBytes: 1000 });
  const conv = await start();
  expect((await upload(conv, 800)).status).toBe(200);
  expect(emu.stats().uploadBytes).toBe(800);
  // Past the token's life (1 s) the next start sweeps it (the sweep runs at most once a second).
  const deadline = Date.now() + 10_000;
  while (emu.stats().uploadBytes > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    await start();
  }
  expect(emu.stats().uploadBytes).toBe(0);
});

test('the defaults: 64 MiB per conversation; the caps are options and CLI flags; bad values are refused', async () => {
  emu = await startEmulator();
  const conv = await start();
  for (let i = 0; i < 16; i++) expect((await upload(conv, 4 * 1024 * 1024)).status).toBe(200);
  expect((await upload(conv, 1)).status).toBe(413);
  expect(emu.stats().uploadBytes).toBe(64 * 1024 * 1024);
  expect(parseArgs(['--max-conversation-upload-bytes', '10', '--max-total-upload-bytes=20'])).toMatchObject({
    maxConversationUploadBytes: 10,
    maxTotalUploadBytes: 20,
  });
  expect(() => parseArgs(['--max-total-upload-bytes', '-1'])).toThrow(/whole number/);
  await expect(startEmulator({ maxTotalUploadBytes: 1.5 })).rejects.toThrow(TypeError);
});
