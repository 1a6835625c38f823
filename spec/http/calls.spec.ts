import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateToken,
  getActivities,
  getConversation,
  getSessionId,
  postActivity,
  refreshToken,
  startConversation,
} from '../../src/http/calls';
import type { Activity } from '../../src/protocol/activity';
import { nodeCreateXHR } from '../../src/node/transports';
import { AGENT, VERSION } from '../../src/version';
import { TestServer } from '../helpers/test-server';
import type { RecordedRequest } from '../helpers/test-server';
import { PREFIX, SECRET, everyCall, failure, optionsFor, values } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const conversation = { conversationId: 'abc123', token: 'tok.en.value-0123456789', expires_in: 1800 };
const withStream = { ...conversation, streamUrl: 'wss://example.test/v3/directline/conversations/abc123/stream?watermark=-&t=abc.def' };

function only(): RecordedRequest {
  expect(server.requests).toHaveLength(1);
  return server.requests[0];
}

/** What every call sends: bearer credential, agent header naming the package and its version, no X-Requested-With. */
function expectCommonHeaders(req: RecordedRequest, credential = SECRET): void {
  expect(req.headers.authorization).toBe(`Bearer ${credential}`);
  expect(req.headers['x-ms-bot-agent']).toBe(AGENT);
  // crossDomain: true — rxjs/ajax would otherwise add this header and trigger CORS preflights.
  expect(req.headers['x-requested-with']).toBeUndefined();
}

function jsonBody(req: RecordedRequest): unknown {
  expect(req.headers['content-type']).toBe('application/json');
  return JSON.parse(req.body.toString('utf8'));
}

describe('the agent header', () => {
  test('names directline-rx and the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(AGENT).toContain(`directline-rx/${pkg.version}`);
  });
});

describe('generateToken', () => {
  test('POSTs /tokens/generate with the user and trusted origins as JSON, and returns the conversation', async () => {
    server.reply({ body: conversation });
    const params = { user: { id: 'dl_user1', name: 'User' }, trustedOrigins: ['https://a.example'] };
    expect(await values(generateToken(optionsFor(server), params))).toEqual([conversation]);
    const req = only();
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`${PREFIX}/tokens/generate`);
    expectCommonHeaders(req);
    expect(jsonBody(req)).toEqual(params);
  });

  test('sends an empty JSON object when given no parameters', async () => {
    server.reply({ body: conversation });
    await values(generateToken(optionsFor(server)));
    expect(jsonBody(only())).toEqual({});
  });
});

describe('refreshToken', () => {
  test('POSTs /tokens/refresh with no body and returns the new token', async () => {
    const refreshed = { ...conversation, token: 'new.token.value-0123456789' };
    server.reply({ body: refreshed });
    expect(await values(refreshToken(optionsFor(server, { getCredential: () => 'old.token.value-0123456789' })))).toEqual([refreshed]);
    const req = only();
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`${PREFIX}/tokens/refresh`);
    expectCommonHeaders(req, 'old.token.value-0123456789');
    expect(req.body.length).toBe(0);
  });
});

describe('startConversation', () => {
  test('POSTs /conversations with user and locale, and accepts 201 with streamUrl and extra fields', async () => {
    const answer = { ...withStream, referenceGrammarId: 'grammar-1', eTag: 'W/"1"' };
    server.reply({ status: 201, body: answer });
    const params = { user: { id: 'user1' }, locale: 'fr-FR' };
    expect(await values(startConversation(optionsFor(server), params))).toEqual([answer]);
    const req = only();
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`${PREFIX}/conversations`);
    expectCommonHeaders(req);
    expect(jsonBody(req)).toEqual(params);
  });

  test('accepts 200 (the token’s conversation had already started)', async () => {
    server.reply({ status: 200, body: withStream });
    expect(await values(startConversation(optionsFor(server)))).toEqual([withStream]);
    expect(jsonBody(only())).toEqual({});
  });
});

describe('getConversation (the reconnect call)', () => {
  test('GETs /conversations/{id}?watermark=W with the watermark unchanged and the id escaped', async () => {
    server.reply({ body: withStream });
    expect(await values(getConversation(optionsFor(server), 'abc|12 3', '0000a-42'))).toEqual([withStream]);
    const req = only();
    expect(req.method).toBe('GET');
    expect(req.path).toBe(`${PREFIX}/conversations/abc%7C12%203`);
    expect(req.query.get('watermark')).toBe('0000a-42');
    expect([...req.query.keys()]).toEqual(['watermark']);
    expectCommonHeaders(req);
    expect(req.body.length).toBe(0);
    expect(req.headers['content-type']).toBeUndefined();
  });

  test('sends no query at all without a watermark', async () => {
    server.reply({ body: withStream });
    await values(getConversation(optionsFor(server), 'abc123'));
    expect(only().url).toBe(`${PREFIX}/conversations/abc123`);
  });

  test('escapes a watermark that needs it, and the server reads it back unchanged', async () => {
    server.reply({ body: withStream });
    await values(getConversation(optionsFor(server), 'abc123', 'a&b=c d+e'));
    expect(only().query.get('watermark')).toBe('a&b=c d+e');
  });
});

describe('postActivity', () => {
  test('POSTs the activity as JSON, untouched (channelData included), and returns the id the service gave it', async () => {
    server.reply({ body: { id: 'abc123|0000042' } });
    const activity: Activity = {
      type: 'message',
      from: { id: 'user1', name: 'Ann' },
      text: 'héllo ✓',
      locale: 'en-US',
      channelData: { nested: { list: [1, null, 'x'] }, flag: false },
      attachments: [
        { contentType: 'application/vnd.microsoft.card.hero', content: { title: 'T', buttons: [{ type: 'imBack', value: 'v' }] } },
      ],
    };
    expect(await values(postActivity(optionsFor(server), 'abc123', activity))).toEqual(['abc123|0000042']);
    const req = only();
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`${PREFIX}/conversations/abc123/activities`);
    expectCommonHeaders(req);
    expect(jsonBody(req)).toEqual(activity);
  });
});

describe('getActivities (polling)', () => {
  test('GETs /conversations/{id}/activities?watermark=W and returns the ActivitySet', async () => {
    const set = { activities: [{ type: 'message', id: 'abc123|0001', text: 'hi', from: { id: 'bot' } }], watermark: '0001a-95' };
    server.reply({ body: set });
    expect(await values(getActivities(optionsFor(server), 'abc123', '0000a-94'))).toEqual([set]);
    const req = only();
    expect(req.method).toBe('GET');
    expect(req.path).toBe(`${PREFIX}/conversations/abc123/activities`);
    expect(req.query.get('watermark')).toBe('0000a-94');
    expectCommonHeaders(req);
  });

  test('without a watermark sends no query, and an empty page keeps no watermark', async () => {
    server.reply({ body: { activities: [] } });
    expect(await values(getActivities(optionsFor(server), 'abc123'))).toEqual([{ activities: [] }]);
    expect(only().url).toBe(`${PREFIX}/conversations/abc123/activities`);
  });

  test('drops entries that are not activities', async () => {
    server.reply({ body: { activities: [{ type: 'message', id: '1' }, null, { id: 'no-type' }], watermark: '7' } });
    expect(await values(getActivities(optionsFor(server), 'abc123'))).toEqual([
      { activities: [{ type: 'message', id: '1' }], watermark: '7' },
    ]);
  });

  test('an object that is not an ActivitySet is a BadResponse', async () => {
    server.reply({ body: { something: 'else' } });
    const err = await failure(getActivities(optionsFor(server), 'abc123'));
    expect(err.code).toBe('BadResponse');
  });
});

describe('getSessionId', () => {
  test('GETs /session/getsessionid with cookies allowed, and returns the session id', async () => {
    server.reply({ body: { sessionId: 'session-42' } });
    let withCredentials: unknown;
    const createXHR = () => {
      const xhr = nodeCreateXHR();
      // xhr2 has no withCredentials: give it one, and read what rxjs/ajax set when the request is sent.
      (xhr as unknown as { withCredentials: boolean }).withCredentials = false;
      const send = xhr.send.bind(xhr);
      xhr.send = (body?: Document | XMLHttpRequestBodyInit | null) => {
        withCredentials = xhr.withCredentials;
        send(body);
      };
      return xhr;
    };
    expect(await values(getSessionId(optionsFor(server, { createXHR })))).toEqual(['session-42']);
    const req = only();
    expect(req.method).toBe('GET');
    expect(req.url).toBe(`${PREFIX}/session/getsessionid`);
    expectCommonHeaders(req);
    expect(withCredentials).toBe(true);
  });

  test('an answer without a session id is a BadResponse', async () => {
    server.reply({ body: { other: 1 } });
    expect((await failure(getSessionId(optionsFor(server)))).code).toBe('BadResponse');
  });
});

describe('the domain', () => {
  test('a trailing slash is not doubled, and the path prefix of the domain is kept', async () => {
    server.reply({ body: conversation });
    await values(refreshToken(optionsFor(server, { domain: `${server.url}/custom/prefix///` })));
    expect(only().url).toBe('/custom/prefix/tokens/refresh');
  });
});

const jsonCalls = everyCall.filter(([name]) => name !== 'getSessionId');

describe.each(everyCall)('%s is cold and reads its credential on subscription', (_name, call) => {
  test('nothing is sent and no credential read until subscribed; each subscription uses the credential of that moment', async () => {
    let credential = 'first-credential-0001';
    let reads = 0;
    const source = call(optionsFor(server, { getCredential: () => (reads++, credential) }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reads).toBe(0);
    expect(server.requests).toHaveLength(0);

    credential = 'second-credential-0002';
    server.reply({ status: 500 }, { status: 500 });
    await failure(source);
    credential = 'third-credential-0003';
    await failure(source);
    expect(reads).toBe(2);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer second-credential-0002', 'Bearer third-credential-0003']);
  });

  test('without a credential it fails with InvalidOptions and sends nothing', async () => {
    const err = await failure(call(optionsFor(server, { getCredential: () => undefined })));
    expect(err).toMatchObject({ code: 'InvalidOptions', retryable: false });
    expect(server.requests).toHaveLength(0);
  });

  test('a credential callback that throws gives a DirectLineError (InvalidOptions), with nothing sent', async () => {
    const err = await failure(
      call(
        optionsFor(server, {
          getCredential: () => {
            throw new Error('store locked');
          },
        }),
      ),
    );
    expect(err).toMatchObject({ code: 'InvalidOptions', retryable: false });
    expect(err.message).toContain('store locked');
    expect(server.requests).toHaveLength(0);
  });
});

describe.each(jsonCalls)('%s rejects a success answer it cannot read', (_name, call) => {
  test.each([
    ['an HTML page', { body: '<!DOCTYPE html><html><body>Welcome</body></html>', headers: { 'Content-Type': 'text/html' } }],
    ['an empty body', { body: '' }],
    ['plain text', { body: 'OK' }],
    ['JSON of the wrong shape', { body: [] }],
    ['JSON null', { body: 'null', headers: { 'Content-Type': 'application/json' } }],
  ])('%s is a BadResponse with the status', async (_what, reply) => {
    server.reply({ status: 200, ...reply });
    const err = await failure(call(optionsFor(server)));
    expect(err).toMatchObject({ code: 'BadResponse', status: 200 });
  });
});
