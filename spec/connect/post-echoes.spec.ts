import { PostEchoes, clientActivityIdOf, withClientActivityId } from '../../src/connect/post-echoes';

describe('post echoes', () => {
  it('gives a post a clientActivityID, keeps one it has, and leaves non-object channelData alone', () => {
    const added = withClientActivityId({ type: 'message', channelData: { a: 1 } }, () => 'gen-1');
    expect(added.channelData).toEqual({ a: 1, clientActivityID: 'gen-1' });
    const kept = withClientActivityId({ type: 'message', channelData: { clientActivityID: 'mine' } }, () => 'gen-2');
    expect(clientActivityIdOf(kept)).toBe('mine');
    const odd = { type: 'message', channelData: 'a string' };
    expect(withClientActivityId(odd, () => 'gen-3')).toBe(odd);
    expect(clientActivityIdOf(withClientActivityId({ type: 'message' }, () => 'gen-4'))).toBe('gen-4');
  });

  it('records the id of an echo from our user with the key of a post in flight, and nothing else', () => {
    const echoes = new PostEchoes(() => 'me');
    const post = echoes.expect('k1');
    echoes.note({ type: 'message', id: 'x|1', from: { id: 'bot' }, channelData: { clientActivityID: 'k1' } });
    echoes.note({ type: 'message', id: 'x|2', from: { id: 'me' }, channelData: { clientActivityID: 'other' } });
    expect(post.id).toBeUndefined();
    echoes.note({ type: 'message', id: 'x|3', from: { id: 'me' }, channelData: { clientActivityID: 'k1' } });
    echoes.note({ type: 'message', id: 'x|4', from: { id: 'me' }, channelData: { clientActivityID: 'k1' } });
    expect(post.id).toBe('x|3');
  });

  it('an echo whose clientActivityID names an Object.prototype member matches only a post in flight with that key', () => {
    const echoes = new PostEchoes(() => 'me');
    const post = echoes.expect('k1');
    for (const key of ['constructor', '__proto__', 'hasOwnProperty'])
      echoes.note({ type: 'message', id: `x|${key}`, from: { id: 'me' }, channelData: { clientActivityID: key } });
    expect(post.id).toBeUndefined();
    const proto = echoes.expect('__proto__');
    echoes.note({ type: 'message', id: 'x|p', from: { id: 'me' }, channelData: { clientActivityID: '__proto__' } });
    expect(proto.id).toBe('x|p');
  });

  it('forgets a settled post, but not a newer post with the same key', () => {
    const echoes = new PostEchoes(() => 'me');
    const first = echoes.expect('k');
    const second = echoes.expect('k'); // a retry of the same activity
    echoes.forget(first);
    echoes.note({ type: 'message', id: 'x|9', from: { id: 'me' }, channelData: { clientActivityID: 'k' } });
    expect(second.id).toBe('x|9');
    echoes.forget(second);
    const third = { key: 'k' };
    echoes.note({ type: 'message', id: 'x|10', from: { id: 'me' }, channelData: { clientActivityID: 'k' } });
    expect(third).toEqual({ key: 'k' });
  });
});
