// The connection's one conversation, in virtual time: resumed, or started once by whoever needs it first.
import { of } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { ConversationSource } from '../../src/connect/conversation-source';
import { ConversationUser } from '../../src/connect/conversation-user';
import { SessionStore } from '../../src/connect/session-store';
import type { Credentials } from '../../src/credentials';
import * as calls from '../../src/http/calls';
import type { DebugEvent } from '../../src/options';
import type { Conversation } from '../../src/protocol/activity';
import { DirectLineError } from '../../src/protocol/errors';
import { newScheduler } from '../operators/marble-helpers';

jest.mock('../../src/http/calls', () => ({ ...jest.requireActual('../../src/http/calls'), startConversation: jest.fn() }));
const startConversation = calls.startConversation as jest.MockedFunction<typeof calls.startConversation>;

const started: Conversation = { conversationId: 'c1', token: 'tk', streamUrl: 'wss://x/c1', referenceGrammarId: 'g1' };

/** A source over fakes: credentials that are ready at once, a session, the debug events and conversations it reports. */
function source(
  scheduler: TestScheduler,
  options: { conversationId?: string; streamUrl?: string; locale?: string; user?: ConversationUser } = {},
) {
  const session = new SessionStore({ conversationId: options.conversationId });
  const applied: Conversation[] = [];
  const credentials = {
    ensure: () => of(undefined),
    http: () => ({ domain: 'http://127.0.0.1:1/v3/directline' }),
    apply: (c: Conversation) => applied.push(c),
  } as unknown as Credentials;
  const debug: DebugEvent[] = [];
  const conversations: Conversation[] = [];
  const conversation = new ConversationSource({
    conversationId: options.conversationId,
    streamUrl: options.streamUrl,
    locale: options.locale,
    session,
    credentials,
    user: options.user ?? new ConversationUser({ id: 'u1' }, false),
    retry: { backoff: { initialMs: 100, factor: 2, maxMs: 1000 }, random: () => 0.5, online$: of(true), scheduler },
    scheduler,
    debug: (e) => debug.push(e),
    onConversation: (c) => conversations.push(c),
  });
  return { conversation, session, applied, debug, conversations };
}

beforeEach(() => startConversation.mockReset());

describe('ConversationSource', () => {
  it('a resumed conversation: its id at once, no start call; its streamUrl handed out once, with the time it came', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      const { conversation } = source(scheduler, { conversationId: 'old', streamUrl: 'wss://x/old' });
      expectObservable(conversation.id$()).toBe('(a|)', { a: 'old' });
      expect(conversation.takeStream('old')).toEqual({ conversationId: 'old', streamUrl: 'wss://x/old', receivedAt: 0 });
      expect(conversation.takeStream('old')).toEqual({ conversationId: 'old' });
    });
    expect(startConversation).not.toHaveBeenCalled();
  });

  it('starts once for everyone who asks while it starts (the stream and a post); one start call, one subscription to it', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const start$ = cold<Conversation>('---(a|)', { a: started });
      startConversation.mockReturnValue(start$);
      const { conversation, session, applied, conversations } = source(scheduler, { locale: 'fr-FR' });
      expectObservable(conversation.id$()).toBe('---(a|)', { a: 'c1' });
      expectObservable(conversation.id$(), '-^').toBe('---(a|)', { a: 'c1' }); // expected frames count from 0
      expectObservable(conversation.id$(), '-----^').toBe('-----(a|)', { a: 'c1' }); // after: from the session, no call
      expectSubscriptions(start$.subscriptions).toBe('^--!');
      scheduler.schedule(() => {
        expect(session.value.conversationId).toBe('c1');
        expect(applied).toEqual([started]);
        expect(conversations).toEqual([started]);
        expect(conversation.takeStream('c1')).toEqual({ ...started, receivedAt: 3 });
        expect(conversation.takeStream('c1')).toEqual({ conversationId: 'c1' });
      }, 4);
    });
    expect(startConversation).toHaveBeenCalledTimes(1);
    expect(startConversation.mock.calls[0][1]).toEqual({ user: { id: 'u1' }, locale: 'fr-FR' });
  });

  it('withId: once the id is known the call is made at once, with it; before, it waits for the one start everyone shares', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const start$ = cold<Conversation>('---(a|)', { a: started });
      startConversation.mockReturnValue(start$);
      const { conversation } = source(scheduler);
      const made: string[] = [];
      const call = (id: string) => {
        made.push(id);
        return cold('-(r|)', { r: `posted to ${id}` });
      };
      expectObservable(conversation.withId(call)).toBe('----(r|)', { r: 'posted to c1' });
      expectObservable(conversation.withId(call), '-^').toBe('----(r|)', { r: 'posted to c1' }); // expected frames count from 0
      // after the start: from the session, the call alone
      expectObservable(conversation.withId(call), '-----^').toBe('------(r|)', { r: 'posted to c1' });
      expectSubscriptions(start$.subscriptions).toBe('^--!');
      scheduler.schedule(() => expect(made).toEqual(['c1', 'c1', 'c1']), 6);
    });
    expect(startConversation).toHaveBeenCalledTimes(1);
  });

  it('withId: a resumed conversation makes the call at once, nothing started', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { conversation } = source(scheduler, { conversationId: 'old' });
      expectObservable(conversation.withId((id) => cold('(r|)', { r: id }))).toBe('(r|)', { r: 'old' });
    });
    expect(startConversation).not.toHaveBeenCalled();
  });

  it('nothing starts until someone subscribes; a subscriber that leaves before the answer cancels the call', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const start$ = cold<Conversation>('-----(a|)', { a: started });
      startConversation.mockReturnValue(start$);
      const { conversation } = source(scheduler);
      const id$ = conversation.id$();
      expectObservable(id$, '--^-!').toBe('');
      expectSubscriptions(start$.subscriptions).toBe('--^-!');
    });
  });

  it('a failed start is retried by the policy (a debug event per retry); a second start is never made once one succeeded', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const failing$ = cold<Conversation>(
        '-#',
        undefined,
        new DirectLineError('Start conversation failed', { status: 500, retryable: true }),
      );
      const ok$ = cold<Conversation>('-(a|)', { a: started });
      startConversation.mockReturnValueOnce(failing$).mockReturnValueOnce(ok$);
      const { conversation, debug } = source(scheduler);
      expectObservable(conversation.id$()).toBe('- 50ms -(a|)', { a: 'c1' });
      expectSubscriptions(failing$.subscriptions).toBe('^!');
      expectSubscriptions(ok$.subscriptions).toBe('- 50ms ^!');
      scheduler.schedule(
        () => expect(debug).toEqual([{ type: 'retry', attempt: 1, delayMs: 50, error: expect.any(DirectLineError) }]),
        100,
      );
    });
    expect(startConversation).toHaveBeenCalledTimes(2);
  });

  it('a start that fails for good errors every waiting subscriber with its error', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const error = new DirectLineError('Start conversation failed', { status: 401, code: 'Unauthorized' });
      startConversation.mockReturnValue(cold<Conversation>('--#', undefined, error));
      const { conversation } = source(scheduler);
      expectObservable(conversation.id$()).toBe('--#', undefined, error);
      expectObservable(conversation.id$(), '-^').toBe('--#', undefined, error);
    });
  });

  it('the streamUrl of another conversation is never handed out', () => {
    const scheduler = newScheduler();
    scheduler.run(() => {
      const { conversation } = source(scheduler, { conversationId: 'old', streamUrl: 'wss://x/old' });
      expect(conversation.takeStream('new')).toEqual({ conversationId: 'new' });
      expect(conversation.takeStream('old')).toEqual({ conversationId: 'old' }); // taken (and dropped) already
    });
  });

  it('with a user still to adopt, the start names none', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      startConversation.mockReturnValue(cold<Conversation>('(a|)', { a: started }));
      const { conversation } = source(scheduler, { user: new ConversationUser(undefined, true) });
      expectObservable(conversation.id$()).toBe('(a|)', { a: 'c1' });
    });
    expect(startConversation.mock.calls[0][1]).toEqual({ user: undefined, locale: undefined });
  });
});
