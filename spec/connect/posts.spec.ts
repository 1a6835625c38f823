// What the user sends, in virtual time: posts and uploads into the connection's one conversation.
import { of, switchMap } from 'rxjs';
import type { Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import type { ConversationSource } from '../../src/connect/conversation-source';
import { ConversationUser } from '../../src/connect/conversation-user';
import { Ending } from '../../src/connect/ending';
import { PostEchoes } from '../../src/connect/post-echoes';
import { Posts } from '../../src/connect/posts';
import type { Credentials } from '../../src/credentials';
import * as calls from '../../src/http/calls';
import * as uploads from '../../src/http/upload';
import type { UploadEvent } from '../../src/http/upload';
import type { Activity } from '../../src/protocol/activity';
import { DirectLineError } from '../../src/protocol/errors';
import { newScheduler } from '../operators/marble-helpers';

jest.mock('../../src/http/calls', () => ({ ...jest.requireActual('../../src/http/calls'), postActivity: jest.fn() }));
jest.mock('../../src/http/upload', () => ({ ...jest.requireActual('../../src/http/upload'), upload: jest.fn() }));
const postActivity = calls.postActivity as jest.MockedFunction<typeof calls.postActivity>;
const upload = uploads.upload as jest.MockedFunction<typeof uploads.upload>;

const ended = expect.objectContaining({ code: 'Ended' });
const hello: Activity = { type: 'message', text: 'hello' };

/** Posts over a conversation whose id comes as `id$` says, with fake credentials. */
function posts(scheduler: TestScheduler, id$: Observable<string> = of('c1')) {
  const user = new ConversationUser({ id: 'u1', name: 'Ada' }, false);
  const echoes = new PostEchoes(() => user.id);
  const ending = new Ending();
  // its id as id$ says; a call with the id waits for it (what ConversationSource.withId does)
  const conversation = {
    id$: () => id$,
    withId: <T>(call: (id: string) => Observable<T>) => id$.pipe(switchMap(call)),
  } as unknown as ConversationSource;
  const credentials = { http: () => ({ domain: 'http://127.0.0.1:1/v3/directline' }) } as unknown as Credentials;
  const retry = { backoff: { initialMs: 10, factor: 2, maxMs: 100 }, random: () => 0.5, online$: of(true), scheduler };
  return { posts: new Posts({ conversation, credentials, user, echoes, retry, ending, streaming: false }), echoes, ending };
}

beforeEach(() => {
  postActivity.mockReset();
  upload.mockReset();
});

describe('Posts: post', () => {
  it('waits for the conversation, then posts once, as the user, with a client activity id; emits the id', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const call$ = cold('--(i|)', { i: 'c1|0000001' });
      postActivity.mockReturnValue(call$);
      const { posts: p } = posts(scheduler, cold('---(c|)', { c: 'c1' }));
      expectObservable(p.post(hello)).toBe('-----(i|)', { i: 'c1|0000001' });
      expectSubscriptions(call$.subscriptions).toBe('---^-!');
    });
    const [, conversationId, sent] = postActivity.mock.calls[0];
    expect(conversationId).toBe('c1');
    expect(sent).toMatchObject({
      type: 'message',
      text: 'hello',
      from: { id: 'u1', name: 'Ada' },
      channelData: { clientActivityID: expect.stringMatching(/^rx-/) },
    });
    expect(hello).toEqual({ type: 'message', text: 'hello' }); // the caller's activity is left as it was
  });

  it('nothing is sent before subscribing', () => {
    const scheduler = newScheduler();
    scheduler.run(() => {
      posts(scheduler).posts.post(hello);
    });
    expect(postActivity).not.toHaveBeenCalled();
  });

  it('a 429 with Retry-After is sent again once after the wait; the second answer is the outcome (guarantees 7 and 8)', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const throttled$ = cold('-#', undefined, new DirectLineError('Too many requests', { status: 429, retryAfterMs: 2000 }));
      const ok$ = cold('-(i|)', { i: 'c1|0000002' });
      postActivity.mockReturnValueOnce(throttled$).mockReturnValueOnce(ok$);
      expectObservable(posts(scheduler).posts.post(hello)).toBe('- 2000ms -(i|)', { i: 'c1|0000002' });
      expectSubscriptions(throttled$.subscriptions).toBe('^!');
      expectSubscriptions(ok$.subscriptions).toBe('- 2000ms ^!');
    });
    expect(postActivity).toHaveBeenCalledTimes(2);
    expect(postActivity.mock.calls[1][2]).toBe(postActivity.mock.calls[0][2]); // the same activity, the same client activity id
  });

  it('a 500 errors at once and is never sent again (the bot may have seen it)', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const error = new DirectLineError('Post activity failed', { status: 500, retryable: true });
      const failing$ = cold('--#', undefined, error);
      postActivity.mockReturnValue(failing$);
      expectObservable(posts(scheduler).posts.post(hello)).toBe('--#', undefined, error);
      expectSubscriptions(failing$.subscriptions).toBe('^-!');
    });
    expect(postActivity).toHaveBeenCalledTimes(1);
  });

  it('end() while the answer is awaited errors the post with Ended and cancels the call', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const call$ = cold('-----(i|)', { i: 'c1|0000001' });
      postActivity.mockReturnValue(call$);
      const { posts: p, ending } = posts(scheduler);
      scheduler.schedule(() => ending.end(), 2);
      expectObservable(p.post(hello)).toBe('--#', undefined, ended);
      expectSubscriptions(call$.subscriptions).toBe('^-!');
    });
  });

  it("end() after the echo came back: the post succeeded, with the echo's id", () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      postActivity.mockReturnValue(cold('-----(i|)', { i: 'c1|0000001' }));
      const { posts: p, ending, echoes } = posts(scheduler);
      scheduler.schedule(() => {
        const sent = postActivity.mock.calls[0][2];
        echoes.note({ ...sent, id: 'c1|0000001' });
      }, 1);
      scheduler.schedule(() => ending.end(), 2);
      expectObservable(p.post(hello)).toBe('--(i|)', { i: 'c1|0000001' });
    });
  });

  it('after end(), a post errors with Ended at once and sends nothing', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      const { posts: p, ending } = posts(scheduler);
      scheduler.schedule(() => ending.end(), 1);
      expectObservable(p.post(hello), '--^').toBe('--#', undefined, ended);
    });
    expect(postActivity).not.toHaveBeenCalled();
  });

  it('an activity the service would refuse errors with InvalidActivity and sends nothing', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      const { posts: p } = posts(scheduler);
      expectObservable(p.post({ text: 'no type' } as Activity)).toBe('#', undefined, expect.objectContaining({ code: 'InvalidActivity' }));
      expectObservable(p.post({ ...hello, from: { id: 'someone else' } })).toBe(
        '#',
        undefined,
        expect.objectContaining({ code: 'InvalidActivity' }),
      );
    });
    expect(postActivity).not.toHaveBeenCalled();
  });
});

describe('Posts: upload', () => {
  const file = { name: 'a.txt', contentType: 'text/plain', data: new Uint8Array([97]) };

  it('waits for the conversation, then uploads as the user: progress, then done', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const events = { p: { type: 'progress', loaded: 1, total: 2 } as UploadEvent, d: { type: 'done', id: 'c1|0000003' } as UploadEvent };
      upload.mockReturnValue(cold('-p-(d|)', events));
      const { posts: p } = posts(scheduler, cold('--(c|)', { c: 'c1' }));
      expectObservable(p.upload(hello, [file])).toBe('---p-(d|)', events);
    });
    const [, conversationId, userId, files, activity] = upload.mock.calls[0];
    expect([conversationId, userId, files]).toEqual(['c1', 'u1', [file]]);
    expect(activity).toMatchObject({ type: 'message', from: { id: 'u1' } });
  });

  it('no file errors with InvalidActivity; after end() an upload errors with Ended; nothing is sent', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      const { posts: p, ending } = posts(scheduler);
      expectObservable(p.upload(hello, [])).toBe('#', undefined, expect.objectContaining({ code: 'InvalidActivity' }));
      scheduler.schedule(() => ending.end(), 1);
      expectObservable(p.upload(hello, [file]), '--^').toBe('--#', undefined, ended);
    });
    expect(upload).not.toHaveBeenCalled();
  });

  it('end() during an upload errors it with Ended and cancels it', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const upload$ = cold<UploadEvent>('------(d|)', { d: { type: 'done', id: 'x' } });
      upload.mockReturnValue(upload$);
      const { posts: p, ending } = posts(scheduler);
      scheduler.schedule(() => ending.end(), 3);
      expectObservable(p.upload(hello, [file])).toBe('---#', undefined, ended);
      expectSubscriptions(upload$.subscriptions).toBe('^--!');
    });
  });
});
