import { ConversationUser } from '../../src/connect/conversation-user';

describe('ConversationUser', () => {
  it('keeps the given user, and names it at the start', () => {
    const user = new ConversationUser({ id: 'u1', name: 'Ada' }, false);
    user.adopt({ type: 'message', from: { id: 'other' } });
    expect(user.current).toEqual({ id: 'u1', name: 'Ada' });
    expect(user.forStart()).toEqual({ id: 'u1', name: 'Ada' });
  });

  it('without one, a random id that stays', () => {
    const user = new ConversationUser(undefined, false);
    expect(user.id).toMatch(/^user-[a-z0-9]+$/);
    expect(new ConversationUser(undefined, false).id).not.toBe(user.id);
    user.adopt({ type: 'message', from: { id: 'other' } });
    expect(user.id).toMatch(/^user-/);
  });

  it('with adoptUser: no user at the start, then the first posted from.id, once', () => {
    const user = new ConversationUser(undefined, true);
    expect(user.forStart()).toBeUndefined();
    user.adopt({ type: 'message', from: { id: 'web-chat-user', name: 'Grace' } });
    user.adopt({ type: 'message', from: { id: 'someone-else' } });
    expect(user.current).toEqual({ id: 'web-chat-user', name: 'Grace' });
    expect(user.forStart()).toEqual({ id: 'web-chat-user', name: 'Grace' });
  });

  it('with adoptUser, a first post without from keeps the random id', () => {
    const user = new ConversationUser(undefined, true);
    user.adopt({ type: 'message' });
    expect(user.id).toMatch(/^user-/);
  });
});
