// createDirectLine against the emulator over real sockets, used the way Web Chat 4.x uses it.
import { firstValueFrom } from 'rxjs';
import type { Subscription } from 'rxjs';
import { createDirectLine } from '../../src/node';
import type { DirectLineOptions, WebChatDirectLine } from '../../src/adapters/web-chat';
import type { Emulator } from '../../src/emulator';
import type { Activity } from '../../src/protocol/activity';
import type { DebugEvent } from '../../src/options';
import { DirectLineError } from '../../src/protocol/errors';
import { TestServer } from '../helpers/test-server';
import { ConnectionStatus, sleep, testOptions, until, useEmulator, waitFor } from '../e2e/support';

/** The emulator's options without a user: Web Chat brings its own user id. */
function webChatOptions(em: Emulator, extra: Partial<DirectLineOptions> = {}): DirectLineOptions {
  const { user: _user, ...rest } = testOptions(em);
  return { ...rest, ...extra };
}

/** What Web Chat's post saga sends: its own user id, role and a clientActivityID. */
function fromWebChat(text: string, clientActivityID: string, userId = 'r_webchat1'): Activity {
  return { type: 'message', text, from: { id: userId, name: '', role: 'user' }, channelData: { clientActivityID }, channelId: 'webchat' };
}

/** A subscriber that records what it receives. */
function record(directLine: WebChatDirectLine): { activities: Activity[]; subscription: Subscription } {
  const activities: Activity[] = [];
  const subscription = directLine.activity$.subscribe({ next: (a) => activities.push(a) });
  return { activities, subscription };
}

const ids = (activities: Activity[]) => activities.map((a) => a.id);
const texts = (activities: Activity[]) => activities.map((a) => a.text);
const online = (directLine: WebChatDirectLine) => waitFor(directLine.connectionStatus$, (s) => s === ConnectionStatus.Online);

describe('createDirectLine (Web Chat drop-in) against the emulator', () => {
  const emulator = useEmulator({ keepAliveMs: 200 });

  it("under Web Chat's repeated subscriptions, a later subscriber gets what came before it, and nobody gets anything twice", async () => {
    const em = emulator();
    const directLine = createDirectLine(webChatOptions(em));
    // Web Chat's connect saga: the status, and one subscription that only keeps the connection up.
    const statuses: ConnectionStatus[] = [];
    directLine.connectionStatus$.subscribe((s) => statuses.push(s));
    const keeper = record(directLine);
    await online(directLine);
    const conversationId = directLine.conversationId as string;
    for (const text of ['one', 'two', 'three']) em.sendFromBot(conversationId, { type: 'message', text });
    expect(await until(() => keeper.activities.length === 3)).toBe(true);

    // Web Chat's activity saga subscribes only after Online: it still sees everything, once.
    const observer = record(directLine);
    expect(texts(observer.activities)).toEqual(['one', 'two', 'three']);
    em.sendFromBot(conversationId, { type: 'message', text: 'four' });
    expect(await until(() => observer.activities.length === 4 && keeper.activities.length === 4)).toBe(true);

    // A third subscription after the second left (Web Chat re-subscribing) also misses nothing.
    observer.subscription.unsubscribe();
    em.sendFromBot(conversationId, { type: 'message', text: 'five' });
    expect(await until(() => keeper.activities.length === 5)).toBe(true);
    const again = record(directLine);
    expect(texts(again.activities)).toEqual(['one', 'two', 'three', 'four', 'five']);
    for (const list of [keeper.activities, observer.activities, again.activities]) expect(new Set(ids(list)).size).toBe(list.length);
    expect(texts(observer.activities)).toEqual(['one', 'two', 'three', 'four']);
    expect(statuses).toEqual([ConnectionStatus.Uninitialized, ConnectionStatus.Connecting, ConnectionStatus.Online]);
    directLine.end();
  });

  it('connectionStatus$ goes Connecting while a dropped socket is replaced and Online after; value holds the current status', async () => {
    const em = emulator();
    const directLine = createDirectLine(webChatOptions(em));
    const statuses: ConnectionStatus[] = [];
    directLine.connectionStatus$.subscribe((s) => statuses.push(s));
    expect(directLine.connectionStatus$.value).toBe(ConnectionStatus.Uninitialized);
    const { activities } = record(directLine);
    await online(directLine);
    expect(directLine.connectionStatus$.value).toBe(ConnectionStatus.Online);
    const conversationId = directLine.conversationId as string;
    em.faults.dropSocket(conversationId);
    em.sendFromBot(conversationId, { type: 'message', text: 'while dropped' });
    expect(await until(() => activities.some((a) => a.text === 'while dropped'))).toBe(true);
    await online(directLine);
    expect(statuses).toEqual([
      ConnectionStatus.Uninitialized,
      ConnectionStatus.Connecting,
      ConnectionStatus.Online,
      ConnectionStatus.Connecting,
      ConnectionStatus.Online,
    ]);
    expect(directLine.connectionStatus$.getValue()).toBe(ConnectionStatus.Online);
    directLine.end();
    expect(directLine.connectionStatus$.value).toBe(ConnectionStatus.Ended);
    expect(statuses[statuses.length - 1]).toBe(ConnectionStatus.Ended);
  });

  it('postActivity emits the id the service gave; a failed post errors with a DirectLineError, never a fake success', async () => {
    const em = emulator();
    const directLine = createDirectLine(webChatOptions(em));
    record(directLine);
    await online(directLine);
    const id = await firstValueFrom(directLine.postActivity(fromWebChat('hello', 'c1')));
    expect(id).toMatch(new RegExp(`^${directLine.conversationId}`));
    expect(em.activities(directLine.conversationId as string).some((a) => a.id === id && a.text === 'hello')).toBe(true);

    em.faults.failNext('activities/post', 1, 500);
    const failure = await firstValueFrom(directLine.postActivity(fromWebChat('lost?', 'c2'))).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DirectLineError);
    expect((failure as DirectLineError).status).toBe(500);
    // Web Chat's retry of the failed message goes through.
    const retried = await firstValueFrom(directLine.postActivity(fromWebChat('lost?', 'c2')));
    expect(retried).not.toBe(id);
    directLine.end();
    const afterEnd = await firstValueFrom(directLine.postActivity(fromWebChat('late', 'c3'))).catch((e: unknown) => e);
    expect(afterEnd).toMatchObject({ code: 'Ended' });
  });

  it('adopts the from.id Web Chat sends as the user, and the echo keeps channelData.clientActivityID', async () => {
    const em = emulator();
    const directLine = createDirectLine(webChatOptions(em));
    const { activities } = record(directLine);
    await online(directLine);
    const first = await firstValueFrom(directLine.postActivity(fromWebChat('first', 'client-1')));
    const second = await firstValueFrom(directLine.postActivity(fromWebChat('second', 'client-2')));
    expect(await until(() => activities.filter((a) => a.text?.startsWith('echo:')).length === 2)).toBe(true);
    const echoes = activities.filter((a) => a.id === first || a.id === second);
    expect(echoes.map((a) => [a.from?.id, (a.channelData as { clientActivityID?: string }).clientActivityID])).toEqual([
      ['r_webchat1', 'client-1'],
      ['r_webchat1', 'client-2'],
    ]);
    // Once adopted, the user stays: a post with another id goes out as that user (as with the official client).
    const conversationId = directLine.conversationId as string;
    const other = await firstValueFrom(directLine.postActivity(fromWebChat('another id', 'client-3', 'r_other')));
    directLine.setUserId('r_other'); // ignored: the user is fixed
    const later = await firstValueFrom(directLine.postActivity(fromWebChat('later', 'client-4')));
    const stored = (id: string) => em.activities(conversationId).find((a) => a.id === id)?.from?.id;
    expect([stored(other), stored(later)]).toEqual(['r_webchat1', 'r_webchat1']);
    directLine.end();
  });

  it('setUserId (Web Chat calls it when it connects) sets the user the posts go out as; a user given in the options wins', async () => {
    const em = emulator();
    const ignored: string[] = [];
    const directLine = createDirectLine({ ...webChatOptions(em), debug: (e) => void (e.type === 'ignored' && ignored.push(e.setting)) });
    // As the official client does: a "dl_" id (reserved for tokens) or an empty one is ignored, not thrown.
    directLine.setUserId('dl_forged');
    directLine.setUserId('');
    expect(ignored).toEqual(['setUserId', 'setUserId']);
    directLine.setUserId('chosen-user');
    record(directLine);
    const id = await firstValueFrom(directLine.postActivity(fromWebChat('hi', 'c1')));
    expect(em.activities(directLine.conversationId as string).find((a) => a.id === id)?.from?.id).toBe('chosen-user');
    directLine.end();

    const configured = createDirectLine(webChatOptions(em, { user: { id: 'configured-user', name: 'Configured' } }));
    configured.setUserId('r_webchat1'); // Web Chat's random id when the page gives none: the configured user stays
    record(configured);
    const mine = await firstValueFrom(configured.postActivity(fromWebChat('hello', 'c2')));
    expect(em.activities(configured.conversationId as string).find((a) => a.id === mine)?.from?.id).toBe('configured-user');
    configured.end();
  });

  it('a message with a data: attachment goes through the upload call and the emulator serves the file back; plain posts stay plain', async () => {
    const em = emulator();
    const directLine = createDirectLine(webChatOptions(em));
    const { activities } = record(directLine);
    await online(directLine);
    const uploads = em.stats().requests.upload;
    const posts = em.stats().requests['activities/post'];
    const content = 'hello from a file';
    const activity: Activity = {
      ...fromWebChat('see attached', 'with-file'),
      attachments: [
        { contentType: 'text/plain', contentUrl: `data:text/plain;base64,${Buffer.from(content).toString('base64')}`, name: 'note.txt' },
      ],
    };
    const id = await firstValueFrom(directLine.postActivity(activity));
    expect(em.stats().requests.upload).toBe(uploads + 1);
    expect(em.stats().requests['activities/post']).toBe(posts);
    expect(await until(() => activities.some((a) => a.id === id))).toBe(true);
    const echo = activities.find((a) => a.id === id) as Activity;
    expect(echo).toMatchObject({ text: 'see attached', from: { id: 'r_webchat1' }, channelData: { clientActivityID: 'with-file' } });
    expect(echo.attachments).toHaveLength(1);
    expect(echo.attachments?.[0]).toMatchObject({ contentType: 'text/plain', name: 'note.txt' });
    const served = await fetch(echo.attachments?.[0].contentUrl as string);
    expect(await served.text()).toBe(content);

    // An attachment that already lives at a URL is posted as it is.
    const card: Activity = {
      ...fromWebChat('a link', 'plain'),
      attachments: [{ contentType: 'image/png', contentUrl: 'https://example.com/cat.png', name: 'cat.png' }],
    };
    await firstValueFrom(directLine.postActivity(card));
    expect(em.stats().requests.upload).toBe(uploads + 1);
    expect(em.stats().requests['activities/post']).toBe(posts + 1);
    directLine.end();
  });

  it('a blob: and a data: attachment go in one upload, as two files the emulator serves back', async () => {
    const em = emulator();
    const directLine = createDirectLine(webChatOptions(em));
    const { activities } = record(directLine);
    await online(directLine);
    const uploads = em.stats().requests.upload;
    const blobUrl = URL.createObjectURL(new Blob(['bytes of a blob'], { type: 'application/octet-stream' }));
    const activity: Activity = {
      ...fromWebChat('two files', 'two'),
      attachments: [
        { contentType: 'application/octet-stream', contentUrl: blobUrl, name: 'one.bin' },
        { contentType: 'text/plain', contentUrl: 'data:text/plain,second%20file', name: 'two.txt' },
      ],
    };
    const id = await firstValueFrom(directLine.postActivity(activity));
    URL.revokeObjectURL(blobUrl);
    expect(em.stats().requests.upload).toBe(uploads + 1);
    expect(await until(() => activities.some((a) => a.id === id))).toBe(true);
    const echo = activities.find((a) => a.id === id) as Activity;
    expect(echo.attachments?.map((a) => a.name)).toEqual(['one.bin', 'two.txt']);
    const bodies = await Promise.all((echo.attachments ?? []).map(async (a) => (await fetch(a.contentUrl as string)).text()));
    expect(bodies).toEqual(['bytes of a blob', 'second file']);
    directLine.end();
  });

  it('an attachment whose local URL cannot be read fails the post before anything is sent', async () => {
    const em = emulator();
    const directLine = createDirectLine(webChatOptions(em));
    record(directLine);
    await online(directLine);
    const uploads = em.stats().requests.upload;
    const posts = em.stats().requests['activities/post'];
    const gone = URL.createObjectURL(new Blob(['x']));
    URL.revokeObjectURL(gone);
    const failure = await firstValueFrom(
      directLine.postActivity({ ...fromWebChat('lost file', 'l1'), attachments: [{ contentType: 'text/plain', contentUrl: gone }] }),
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DirectLineError);
    expect(failure).toMatchObject({ code: 'AttachmentUnreadable' });
    expect(em.stats().requests.upload).toBe(uploads);
    expect(em.stats().requests['activities/post']).toBe(posts);
    directLine.end();
  });

  it('an upload the emulator refuses is an error, not a success', async () => {
    const em = emulator();
    const directLine = createDirectLine(webChatOptions(em));
    record(directLine);
    await online(directLine);
    em.faults.failNext('upload', 1, 502);
    const activity: Activity = {
      ...fromWebChat('file', 'f1'),
      attachments: [{ contentType: 'text/plain', contentUrl: 'data:text/plain,abc', name: 'a.txt' }],
    };
    const failure = await firstValueFrom(directLine.postActivity(activity)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DirectLineError);
    expect((failure as DirectLineError).status).toBe(502);
    directLine.end();
  });

  it('reconnect(conversation) with a fresh streamUrl opens that URL without asking again, and replays from the watermark', async () => {
    const em = emulator();
    const directLine = createDirectLine(webChatOptions(em));
    const statuses: ConnectionStatus[] = [];
    directLine.connectionStatus$.subscribe((s) => statuses.push(s));
    const { activities } = record(directLine);
    await online(directLine);
    const conversationId = directLine.conversationId as string;
    em.sendFromBot(conversationId, { type: 'message', text: 'before' });
    expect(await until(() => activities.length === 1)).toBe(true);

    // The application's backend: GET /conversations/{id}?watermark= with its secret.
    const res = await fetch(`${em.domain}/conversations/${conversationId}?watermark=${directLine.getSession().watermark}`, {
      headers: { Authorization: `Bearer ${em.secret}` },
    });
    const conversation = (await res.json()) as { conversationId: string; token: string; streamUrl: string };
    const gets = em.stats().requests['conversations/get'];
    const handshakes = em.stats().handshakes;
    directLine.reconnect(conversation);
    em.sendFromBot(conversationId, { type: 'message', text: 'during' });
    await online(directLine);
    em.sendFromBot(conversationId, { type: 'message', text: 'after' });
    expect(await until(() => activities.length === 3)).toBe(true);
    expect(texts(activities)).toEqual(['before', 'during', 'after']);
    expect(em.stats().requests['conversations/get']).toBe(gets);
    expect(em.stats().handshakes).toBe(handshakes + 1);
    expect(em.openSockets(conversationId)).toBe(1);
    expect(directLine.token).toBe(conversation.token);
    expect(statuses).toEqual([
      ConnectionStatus.Uninitialized,
      ConnectionStatus.Connecting,
      ConnectionStatus.Online,
      ConnectionStatus.Connecting,
      ConnectionStatus.Online,
    ]);
    directLine.end();
  });

  it('reconnect(conversation) with a stale streamUrl asks for a new one and loses nothing', async () => {
    const em = emulator();
    const directLine = createDirectLine(webChatOptions(em));
    const { activities } = record(directLine);
    await online(directLine);
    const conversationId = directLine.conversationId as string;
    em.faults.setLifetimes({ streamUrlMs: 200 });
    const res = await fetch(`${em.domain}/conversations/${conversationId}?watermark=${directLine.getSession().watermark ?? ''}`, {
      headers: { Authorization: `Bearer ${em.secret}` },
    });
    const conversation = (await res.json()) as { conversationId: string; token: string; streamUrl: string };
    await sleep(400); // the URL is past its life
    const refused = em.stats().handshakesRefused;
    const gets = em.stats().requests['conversations/get'];
    em.sendFromBot(conversationId, { type: 'message', text: 'meanwhile' });
    directLine.reconnect(conversation);
    expect(await until(() => activities.some((a) => a.text === 'meanwhile'))).toBe(true);
    await online(directLine);
    expect(em.stats().handshakesRefused).toBe(refused + 1);
    expect(em.stats().requests['conversations/get']).toBeGreaterThan(gets);
    expect(texts(activities).filter((t) => t === 'meanwhile')).toHaveLength(1);
    directLine.end();
  });

  it('resumes a conversation from the session a page kept (conversationId, token, watermark): only what came after, then chats on', async () => {
    const em = emulator();
    const before = createDirectLine(webChatOptions(em));
    const seen = record(before);
    await firstValueFrom(before.postActivity(fromWebChat('first', 'c1')));
    expect(await until(() => seen.activities.length === 2)).toBe(true);
    const kept = before.getSession();
    before.end(); // the page unloads
    em.sendFromBot(kept.conversationId as string, { type: 'message', text: 'while away' });

    const after = createDirectLine({
      ...webChatOptions(em),
      secret: undefined,
      token: kept.token,
      conversationId: kept.conversationId,
      watermark: kept.watermark,
    });
    const { activities } = record(after);
    await firstValueFrom(after.postActivity(fromWebChat('second', 'c2')));
    expect(await until(() => activities.some((a) => a.text === 'echo: second'))).toBe(true);
    expect(texts(activities)).toEqual(['while away', 'second', 'echo: second']);
    expect(after.conversationId).toBe(kept.conversationId);
    after.end();
  });

  it('webSocket: false receives by polling every pollingInterval', async () => {
    const em = emulator();
    const handshakes = em.stats().handshakes;
    const directLine = createDirectLine(webChatOptions(em, { webSocket: false, pollingInterval: 50 }));
    const { activities } = record(directLine);
    await firstValueFrom(directLine.postActivity(fromWebChat('polled', 'c1')));
    expect(await until(() => activities.some((a) => a.text === 'echo: polled'))).toBe(true);
    expect(em.stats().handshakes).toBe(handshakes);
    expect(em.stats().requests['activities/get']).toBeGreaterThan(1);
    directLine.end();
  });

  it('referenceGrammarId and the token are read from the conversation', async () => {
    const em = emulator();
    const directLine = createDirectLine(webChatOptions(em));
    expect(directLine.referenceGrammarId).toBeUndefined();
    record(directLine);
    await online(directLine);
    expect(typeof directLine.referenceGrammarId).toBe('string');
    expect(directLine.token?.split('.')).toHaveLength(3);
    directLine.end();
  });

  it('bad options the official client cannot start with either, and bad reconnect arguments, are DirectLineErrors', () => {
    expect(() => createDirectLine(undefined as unknown as DirectLineOptions)).toThrow(DirectLineError);
    expect(() => createDirectLine({ token: 't', timeout: -1 })).toThrow(DirectLineError);
    expect(() => createDirectLine({})).toThrow(DirectLineError);
    expect(() => createDirectLine({ token: 't', botAgent: 'x\r\nAuthorization: stolen' })).toThrow(DirectLineError);
    const directLine = createDirectLine({ token: 't', domain: 'http://127.0.0.1:9/v3/directline' });
    expect(() => directLine.reconnect({} as never)).toThrow(DirectLineError);
    directLine.end();
    expect(() => directLine.reconnect({ conversationId: 'c', token: 't' })).toThrow(DirectLineError);
  });
});

describe('createDirectLine: what goes on the wire', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  it("sends botAgent in x-ms-bot-agent, conversationStartProperties.locale and timeout on the start, and Web Chat's from.id on the post", async () => {
    server.reply(
      { status: 201, body: { conversationId: 'conv1', token: 'a.b.c', expires_in: 3600 } },
      { status: 200, body: { id: 'conv1|0000001' } },
    );
    const directLine = createDirectLine({
      domain: `${server.url}/v3/directline`,
      token: 'a.b.c',
      botAgent: 'my-app/1.2',
      conversationStartProperties: { locale: 'fr-FR' },
      timeout: 5000,
    });
    const id = await firstValueFrom(directLine.postActivity(fromWebChat('bonjour', 'c1')));
    expect(id).toBe('conv1|0000001');
    const [start, post] = server.requests;
    expect(start.path).toBe('/v3/directline/conversations');
    // The post started the conversation, so the start already carries the user Web Chat posts as.
    expect(JSON.parse(start.body.toString())).toMatchObject({ locale: 'fr-FR', user: { id: 'r_webchat1' } });
    expect(post.path).toBe('/v3/directline/conversations/conv1/activities');
    expect(JSON.parse(post.body.toString())).toMatchObject({ from: { id: 'r_webchat1' }, channelData: { clientActivityID: 'c1' } });
    for (const request of [start, post])
      expect(request.headers['x-ms-bot-agent']).toMatch(/^DirectLine\/3\.0 \(directline-rx\/[^)]+\) my-app\/1\.2$/);
    directLine.end();
  });

  it("a conversation started before any post is started without a made-up user (Web Chat's id is adopted later)", async () => {
    server.reply({ status: 201, body: { conversationId: 'conv2', token: 'a.b.c', expires_in: 3600 } });
    const directLine = createDirectLine({
      domain: `${server.url}/v3/directline`,
      token: 'a.b.c',
      webSocket: false,
      pollingInterval: 60000,
    });
    server.reply({ status: 200, body: { activities: [], watermark: '0' } });
    directLine.activity$.subscribe();
    await server.waitForRequests(2);
    expect(JSON.parse(server.requests[0].body.toString()).user).toBeUndefined();
    directLine.end();
  });

  it('a user id set before anything was sent (as Web Chat does when it connects) goes with the start of the conversation', async () => {
    server.reply(
      { status: 201, body: { conversationId: 'conv3', token: 'a.b.c', expires_in: 3600 } },
      { status: 200, body: { activities: [], watermark: '0' } },
    );
    const directLine = createDirectLine({
      domain: `${server.url}/v3/directline`,
      token: 'a.b.c',
      webSocket: false,
      pollingInterval: 60000,
    });
    directLine.setUserId('r_webchat1');
    directLine.activity$.subscribe();
    await server.waitForRequests(2);
    expect(JSON.parse(server.requests[0].body.toString()).user).toEqual({ id: 'r_webchat1' });
    directLine.end();
  });

  it('timeout bounds each request: a post the server never answers errors with Timeout', async () => {
    server.reply({ hang: true });
    const directLine = createDirectLine({ domain: `${server.url}/v3/directline`, token: 'a.b.c', conversationId: 'conv1', timeout: 300 });
    const failure = await firstValueFrom(directLine.postActivity(fromWebChat('anyone?', 'c1'))).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DirectLineError);
    expect(failure).toMatchObject({ code: 'Timeout' });
    directLine.end();
  });
});

describe("createDirectLine: getSessionId, as Web Chat's sign-in uses it", () => {
  const emulator = useEmulator({ keepAliveMs: 200 });

  it("answers the session id the service gives, and '' (with a debug event saying why) when it cannot be read", async () => {
    const em = emulator();
    const events: DebugEvent[] = [];
    const directLine = createDirectLine(webChatOptions(em, { debug: (e) => events.push(e) }));
    record(directLine);
    await online(directLine);
    const sessionId = await firstValueFrom(directLine.getSessionId());
    expect(sessionId).toMatch(/\S/);
    em.faults.failNext('session', 1, 500);
    expect(await firstValueFrom(directLine.getSessionId())).toBe('');
    const unavailable = events.filter((e) => e.type === 'sessionIdUnavailable');
    expect(unavailable).toHaveLength(1);
    expect(unavailable[0]).toMatchObject({ error: expect.objectContaining({ status: 500 }) });
    directLine.end();
    await expect(firstValueFrom(directLine.getSessionId())).rejects.toMatchObject({ code: 'Ended' });
  });
});
