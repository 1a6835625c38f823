import { startEmulator, type Emulator } from '../../src/emulator';
import { parseMultipart, headerParams } from '../../src/emulator/routes/multipart';
import { call } from './helpers';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(() => emu.close());

const start = async () => (await call(`${emu.domain}/conversations`, { method: 'POST', auth: emu.secret })).body;
const uploadUrl = (conv: any, userId = 'user1') => `${emu.domain}/conversations/${conv.conversationId}/upload?userId=${userId}`;

test('one raw file: stored, served back at an emulator URL, echoed by the bot', async () => {
  const conv = await start();
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255]);
  const r = await call(uploadUrl(conv), {
    auth: conv.token,
    body: png,
    headers: { 'Content-Type': 'image/png', 'Content-Disposition': 'attachment; filename="pic one.png"' },
  });
  expect(r.status).toBe(200);
  const [posted, reply] = emu.activities(conv.conversationId);
  expect(posted).toMatchObject({ id: r.body.id, type: 'message', from: { id: 'user1' } });
  expect(posted.attachments).toEqual([{ contentType: 'image/png', name: 'pic one.png', contentUrl: expect.stringContaining(emu.domain) }]);
  expect(reply.attachments).toEqual(posted.attachments);
  const file = await fetch(posted.attachments![0].contentUrl!);
  expect(file.status).toBe(200);
  expect(file.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await file.arrayBuffer())).toEqual(png);
});

test('multipart with an activity part and two files, as the official client sends it', async () => {
  const conv = await start();
  const form = new FormData();
  form.append(
    'activity',
    new Blob(
      [
        JSON.stringify({
          type: 'message',
          text: 'two files',
          from: { id: 'user1' },
          channelData: { x: 1 },
          attachments: [{ contentType: 'text/plain', name: 'a.txt' }],
        }),
      ],
      {
        type: 'application/vnd.microsoft.activity',
      },
    ),
  );
  form.append('file', new Blob(['alpha'], { type: 'text/plain' }), 'a.txt');
  form.append('file', new Blob(['{"b":2}'], { type: 'application/json' }), 'b.json');
  const r = await call(uploadUrl(conv), { auth: conv.token, body: form });
  expect(r.status).toBe(200);
  const posted = emu.activities(conv.conversationId)[0];
  expect(posted).toMatchObject({ text: 'two files', channelData: { x: 1 } });
  expect(posted.attachments!.map((a) => [a.name, a.contentType])).toEqual([
    ['a.txt', 'text/plain'],
    ['b.json', 'application/json'],
  ]);
  const texts = await Promise.all(posted.attachments!.map(async (a) => (await fetch(a.contentUrl!)).text()));
  expect(texts).toEqual(['alpha', '{"b":2}']);
});

test('uploads over 4 MB get 413; empty, file-less, unlabelled or malformed uploads get 400/415', async () => {
  const conv = await start();
  const big = await call(uploadUrl(conv), {
    auth: conv.token,
    body: Buffer.alloc(4 * 1024 * 1024 + 1),
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  expect(big.status).toBe(413);
  const empty = await call(uploadUrl(conv), { auth: conv.token, body: '', headers: { 'Content-Type': 'text/plain' } });
  expect(empty.status).toBe(400);
  const noType = await call(uploadUrl(conv), { auth: conv.token, body: new Uint8Array([1, 2]) });
  expect(noType.status).toBe(415);
  const onlyActivity = new FormData();
  onlyActivity.append('activity', new Blob(['{"type":"message","from":{"id":"u"}}'], { type: 'application/vnd.microsoft.activity' }));
  expect((await call(uploadUrl(conv), { auth: conv.token, body: onlyActivity })).status).toBe(400);
  const broken = await call(uploadUrl(conv), {
    auth: conv.token,
    body: '--XX\r\nContent-Disposition: form-data; name="f"\r\n\r\nno end',
    headers: { 'Content-Type': 'multipart/form-data; boundary=XX' },
  });
  expect(broken.status).toBe(400);
  const noUser = await call(`${emu.domain}/conversations/${conv.conversationId}/upload`, {
    auth: conv.token,
    body: 'x',
    headers: { 'Content-Type': 'text/plain' },
  });
  expect(noUser.status).toBe(400);
  expect(noUser.body.error.code).toBe('MissingProperty');
  const exactly4MB = await call(uploadUrl(conv), {
    auth: conv.token,
    body: Buffer.alloc(4 * 1024 * 1024),
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  expect(exactly4MB.status).toBe(200);
});

test('unknown attachments and attachments of removed conversations answer 404', async () => {
  const conv = await start();
  const r = await call(uploadUrl(conv), { auth: conv.token, body: 'hello', headers: { 'Content-Type': 'text/plain' } });
  const url = emu.activities(conv.conversationId)[0].attachments![0].contentUrl!;
  expect(r.status).toBe(200);
  expect((await call(`${emu.domain}/attachments/nothing`)).status).toBe(404);
  emu.faults.removeConversation(conv.conversationId);
  expect((await call(url)).status).toBe(404);
});

describe('multipart parser', () => {
  test('parses parts with headers, filenames (quoted and RFC 5987) and binary data', async () => {
    const body = Buffer.concat([
      Buffer.from(
        'preamble\r\n--b0undary\r\nContent-Disposition: form-data; name="f"; filename="x\\"y.bin"\r\nContent-Type: application/octet-stream\r\n\r\n',
      ),
      Buffer.from([0, 13, 10, 45, 45, 255]),
      Buffer.from(
        "\r\n--b0undary\r\nContent-Disposition: form-data; name=g; filename*=UTF-8''%C3%A9t%C3%A9.txt\r\n\r\nsummer\r\n--b0undary--\r\n",
      ),
    ]);
    const parts = await parseMultipart(body, 'b0undary');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatchObject({ name: 'f', filename: 'x"y.bin', contentType: 'application/octet-stream' });
    expect([...parts[0].data]).toEqual([0, 13, 10, 45, 45, 255]);
    expect(parts[1]).toMatchObject({ name: 'g', filename: 'été.txt', contentType: 'application/octet-stream' });
    expect(parts[1].data.toString()).toBe('summer');
  });

  test('rejects with a 400 bodies without the boundary or with broken headers', async () => {
    await expect(parseMultipart(Buffer.from('nothing'), 'b')).rejects.toMatchObject({ status: 400 });
    await expect(parseMultipart(Buffer.from('--b\r\nbroken header\r\n\r\nx\r\n--b--'), 'b')).rejects.toMatchObject({ status: 400 });
    await expect(parseMultipart(Buffer.from('--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--'), 'b')).rejects.toMatchObject({
      status: 400,
    });
    await expect(parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n--b'), 'b')).rejects.toMatchObject(
      { status: 400 },
    );
    const many =
      Array.from({ length: 101 }, (_, i) => `--b\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n${i}\r\n`).join('') + '--b--';
    await expect(parseMultipart(Buffer.from(many), 'b')).rejects.toMatchObject({ status: 400 });
    expect(headerParams('multipart/form-data; boundary="abc def"').boundary).toBe('abc def');
  });
});

describe('uploaded files never run on the emulator origin', () => {
  const served = async (contentType: string, body: BodyInit, name = 'f') => {
    const conv = await start();
    const r = await call(uploadUrl(conv), {
      auth: conv.token,
      body,
      headers: { 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${name}"` },
    });
    expect(r.status).toBe(200);
    const url = emu.activities(conv.conversationId)[0].attachments![0].contentUrl!;
    const file = await fetch(url);
    expect(file.status).toBe(200);
    return file.headers;
  };

  test.each([
    ['text/html', '<script>alert(document.domain)</script>'],
    ['text/html; charset=utf-8', '<script>alert(1)</script>'],
    ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
    ['application/xhtml+xml', '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'],
    ['text/xml', '<x/>'],
    ['application/javascript', 'alert(1)'],
    ['text/javascript', 'alert(1)'],
    ['application/x-unknown', '<script>alert(1)</script>'],
    ['application/pdf', '%PDF-1.4'],
  ])('%s: a download, with nosniff and a sandbox policy', async (type, body) => {
    const headers = await served(type, body, 'page.html');
    expect(headers.get('content-type')).toBe(type);
    expect(headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''page.html`);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('content-security-policy')).toMatch(/^sandbox\b/);
  });

  test.each(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'audio/mpeg', 'video/mp4', 'text/plain'])(
    '%s: shown inline with its type, nosniff',
    async (type) => {
      const headers = await served(type, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2]), 'pic.png');
      expect(headers.get('content-type')).toBe(type);
      expect(headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''pic.png`);
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('content-security-policy')).toMatch(/^sandbox\b/);
    },
  );

  test('a part whose Content-Type is no media type is served as application/octet-stream, a download', async () => {
    const conv = await start();
    const body =
      '--b\r\nContent-Disposition: form-data; name="file"; filename="x.html"\r\nContent-Type: html\r\n\r\n<script>alert(1)</script>\r\n--b--\r\n';
    const r = await call(uploadUrl(conv), { auth: conv.token, body, headers: { 'Content-Type': 'multipart/form-data; boundary=b' } });
    expect(r.status).toBe(200);
    const file = await fetch(emu.activities(conv.conversationId)[0].attachments![0].contentUrl!);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
  });
});
