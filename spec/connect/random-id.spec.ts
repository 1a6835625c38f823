import { randomId } from '../../src/connect/random-id';

describe('randomId', () => {
  it('is the prefix and up to 16 base-36 characters, different each time', () => {
    const ids = Array.from({ length: 200 }, () => randomId('user-'));
    for (const id of ids) expect(id).toMatch(/^user-[0-9a-z]{1,16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
