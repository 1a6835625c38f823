import { buildMultipart, upload } from '../../src/http/upload';
import type { UploadEvent, UploadFile } from '../../src/http/upload';
import type { Activity } from '../../src/protocol/activity';
import { nodeCreateXHR } from '../../src/node/transports';
import { AGENT } from '../../src/version';
import { TestServer } from '../helpers/test-server';
import type { RecordedRequest } from '../helpers/test-server';
import { PREFIX, SECRET, failure, optionsFor, values } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

/** A strict multipart/form-data reader (RFC 7578): every part must sit between CRLF-delimited boundaries. */
function parseMultipart(req: RecordedRequest): Part[] {
  const type = String(req.headers['content-type']);
  const match = /^multipart\/form-data;\s*boundary=(.+)$/.exec(type);
  if (!match) throw new Error(`not multipart: ${type}`);
  const boundary = match[1];
  const body = req.body;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  expect(pos).toBe(0);
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') {
      expect(body.subarray(pos + 2).toString()).toBe('\r\n');
      return parts;
    }
    expect(body.subarray(pos, pos + 2).toString()).toBe('\r\n');
    pos += 2;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), pos);
    if (next < 0) throw new Error('unterminated part');
    const raw = body.subarray(pos, next);
    const split = raw.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of raw.subarray(0, split).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, body: raw.subarray(split + 4) });
    pos = next + 2;
  }
}

const bytes = new Uint8Array(256).map((_, i) => i);
const done = (events: UploadEvent[]) => events.filter((e) => e.type === 'done');

function expectUploadRequest(req: RecordedRequest, userId: string): void {
  expect(req.method).toBe('POST');
  expect(req.path).toBe(`${PREFIX}/conversations/abc%7C1/upload`);
  expect(req.query.get('userId')).toBe(userId);
  expect(req.headers.authorization).toBe(`Bearer ${SECRET}`);
  expect(req.headers['x-ms-bot-agent']).toBe(AGENT);
}

describe('upload of one raw file', () => {
  test('sends the bytes as they are, with Content-Type and Content-Disposition, then reports done with the id', async () => {
    server.reply({ body: { id: 'abc|1|0000003' } });
    const events = await values(
      upload(optionsFor(server), 'abc|1', 'user 1', [{ name: 'pic.png', contentType: 'image/png', data: bytes }]),
    );
    const [req] = server.requests;
    expectUploadRequest(req, 'user 1');
    expect(req.headers['content-type']).toBe('image/png');
    expect(req.headers['content-disposition']).toBe('name="file"; filename="pic.png"');
    expect(new Uint8Array(req.body)).toEqual(bytes);
    expect(events[events.length - 1]).toEqual({ type: 'done', id: 'abc|1|0000003' });
    expect(done(events)).toHaveLength(1);
  });

  test('a string is sent as UTF-8, an ArrayBuffer as its bytes', async () => {
    server.reply({ body: { id: '1' } }, { body: { id: '2' } });
    await values(upload(optionsFor(server), 'abc|1', 'u', [{ name: 'a.txt', contentType: 'text/plain; charset=utf-8', data: 'héllo ✓' }]));
    await values(upload(optionsFor(server), 'abc|1', 'u', [{ name: 'b.bin', contentType: '', data: bytes.buffer }]));
    expect(server.requests[0].body.toString('utf8')).toBe('héllo ✓');
    expect(server.requests[0].headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(new Uint8Array(server.requests[1].body)).toEqual(bytes);
    expect(server.requests[1].headers['content-type']).toBe('application/octet-stream');
  });

  test('a file name cannot break out of its quotes or add header lines', async () => {
    server.reply({ body: { id: '1' } });
    await values(upload(optionsFor(server), 'abc|1', 'u', [{ name: 'a"b\\c.txt', contentType: 'text/plain', data: 'x' }]));
    expect(server.requests[0].headers['content-disposition']).toBe('name="file"; filename="a_b_c.txt"');
  });

  test('ends with one final progress event (whole body sent) before done when the XMLHttpRequest fires none', async () => {
    server.reply({ body: { id: 'x' } });
    const events = await values(upload(optionsFor(server), 'abc|1', 'u', [{ name: 'pic.png', contentType: 'image/png', data: bytes }]));
    expect(events).toEqual([
      { type: 'progress', loaded: 256, total: 256 },
      { type: 'done', id: 'x' },
    ]);
  });
});

describe('upload of several files, or of files with an activity (multipart)', () => {
  const activity: Activity = { type: 'message', from: { id: 'user1' }, text: 'see attached', channelData: { k: [1, 2] } };
  const files: UploadFile[] = [
    { name: 'pic.png', contentType: 'image/png', data: bytes },
    { name: 'notes.txt', contentType: 'text/plain', data: 'line 1\r\n--not-a-boundary\r\nline 3' },
  ];

  test('sends the activity part (application/vnd.microsoft.activity) and each file part with its name, type and bytes', async () => {
    server.reply({ body: { id: 'abc|1|0000004' } });
    const events = await values(upload(optionsFor(server), 'abc|1', 'user1', files, activity));
    const [req] = server.requests;
    expectUploadRequest(req, 'user1');
    const parts = parseMultipart(req);
    expect(parts).toHaveLength(3);
    const [act, pic, notes] = parts;
    expect(act.headers['content-type']).toBe('application/vnd.microsoft.activity');
    expect(act.headers['content-disposition']).toMatch(/^form-data; name="[^"]+"$/);
    expect(JSON.parse(act.body.toString('utf8'))).toEqual(activity);
    expect(pic.headers['content-type']).toBe('image/png');
    expect(pic.headers['content-disposition']).toMatch(/^form-data; name="[^"]+"; filename="pic.png"$/);
    expect(new Uint8Array(pic.body)).toEqual(bytes);
    expect(notes.headers['content-type']).toBe('text/plain');
    expect(notes.headers['content-disposition']).toMatch(/filename="notes.txt"$/);
    expect(notes.body.toString('utf8')).toBe('line 1\r\n--not-a-boundary\r\nline 3');
    expect(new Set(parts.map((p) => /name="([^"]+)"/.exec(p.headers['content-disposition'])?.[1])).size).toBe(3);
    expect(events[events.length - 1]).toEqual({ type: 'done', id: 'abc|1|0000004' });
  });

  test('without an activity, only file parts', async () => {
    server.reply({ body: { id: '5' } });
    await values(upload(optionsFor(server), 'abc|1', 'user1', files));
    const parts = parseMultipart(server.requests[0]);
    expect(parts.map((p) => p.headers['content-type'])).toEqual(['image/png', 'text/plain']);
  });

  test('one file with an activity is multipart, not raw', async () => {
    server.reply({ body: { id: '6' } });
    await values(upload(optionsFor(server), 'abc|1', 'user1', [files[0]], activity));
    const parts = parseMultipart(server.requests[0]);
    expect(parts.map((p) => p.headers['content-type'])).toEqual(['application/vnd.microsoft.activity', 'image/png']);
  });

  test('each upload picks a fresh boundary that does not occur in the content', async () => {
    server.reply({ body: { id: '7' } }, { body: { id: '8' } });
    await values(upload(optionsFor(server), 'abc|1', 'u', files));
    await values(upload(optionsFor(server), 'abc|1', 'u', files));
    const [a, b] = server.requests.map((r) => String(r.headers['content-type']));
    expect(a).not.toBe(b);
  });

  test('buildMultipart lays out exact bytes', () => {
    const body = buildMultipart([{ name: 'x.txt', contentType: 'text/plain', data: 'X' }], { type: 'message' }, 'B');
    expect(new TextDecoder().decode(body)).toBe(
      '--B\r\nContent-Disposition: form-data; name="activity"\r\nContent-Type: application/vnd.microsoft.activity\r\n\r\n{"type":"message"}\r\n' +
        '--B\r\nContent-Disposition: form-data; name="file0"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nX\r\n' +
        '--B--\r\n',
    );
  });
});

describe('upload progress', () => {
  /** xhr2 with an upload that fires loadstart, progress and load as a browser does, before sending. */
  function browserLikeXHR(): XMLHttpRequest {
    const xhr = nodeCreateXHR() as XMLHttpRequest;
    const send = xhr.send.bind(xhr);
    xhr.send = (body?: Document | XMLHttpRequestBodyInit | null) => {
      const total = (body as Uint8Array).byteLength;
      const fire = (type: string, loaded: number) =>
        xhr.upload.dispatchEvent({ type, loaded, total, lengthComputable: true } as unknown as Event);
      fire('loadstart', 0);
      fire('progress', Math.floor(total / 2));
      fire('progress', total);
      fire('load', total);
      send(body);
    };
    return xhr;
  }

  test('events from the XMLHttpRequest are surfaced in order, all before done', async () => {
    server.reply({ delayMs: 20, body: { id: 'p1' } });
    const events = await values(
      upload(optionsFor(server, { createXHR: browserLikeXHR }), 'abc|1', 'u', [
        { name: 'a.bin', contentType: 'application/octet-stream', data: bytes },
      ]),
    );
    expect(events).toEqual([
      { type: 'progress', loaded: 0, total: 256 },
      { type: 'progress', loaded: 128, total: 256 },
      { type: 'progress', loaded: 256, total: 256 },
      { type: 'progress', loaded: 256, total: 256 },
      { type: 'done', id: 'p1' },
    ]);
  });

  test('multipart uploads surface progress of the whole body', async () => {
    server.reply({ body: { id: 'p2' } });
    const events = await values(
      upload(optionsFor(server, { createXHR: browserLikeXHR }), 'abc|1', 'u', [{ name: 'a', contentType: 'x/y', data: bytes }], {
        type: 'message',
      }),
    );
    const total = server.requests[0].body.length;
    expect(events.slice(0, -1).every((e) => e.type === 'progress' && e.total === total)).toBe(true);
    expect(events.slice(0, -1).length).toBeGreaterThan(0);
    expect(events[events.length - 1]).toEqual({ type: 'done', id: 'p2' });
  });

  test('requests that do not ask for progress surface only the response', async () => {
    const { request } = await import('../../src/http/request');
    server.reply({ body: { ok: 1 } });
    const events = await values(
      request(optionsFor(server, { createXHR: browserLikeXHR }), { method: 'POST', path: '/x', body: new Uint8Array(8), what: 'X' }),
    );
    expect(events).toEqual([{ type: 'response', status: 200, body: { ok: 1 } }]);
  });

  test('an upload answered without an id is a BadResponse, after the progress', async () => {
    server.reply({ body: { nope: true } });
    const err = await failure(upload(optionsFor(server), 'abc|1', 'u', [{ name: 'a', contentType: 'x/y', data: 'a' }]));
    expect(err).toMatchObject({ code: 'BadResponse', status: 200 });
  });
});
