// The public surface is what users call: the entry exports no internals.
import * as entry from '../src/index';
import { INTERNALS } from './helpers/internals';

describe('the public surface of directline-rx', () => {
  it('exports none of the machinery inside (bounded sets, current values, failure counts, redaction, the retry decision)', () => {
    const names = Object.keys(entry);
    for (const internal of INTERNALS) {
      expect({ internal, exported: names.includes(internal) }).toEqual({ internal, exported: false });
    }
  });

  it('http holds the REST calls and their plumbing, not the helpers between them', () => {
    expect(Object.keys(entry.http).sort()).toEqual(
      [
        'DEFAULT_DOMAIN',
        'buildUrl',
        'generateToken',
        'getActivities',
        'getConversation',
        'getSessionId',
        'postActivity',
        'refreshToken',
        'request',
        'requestJson',
        'startConversation',
        'upload',
      ].sort(),
    );
  });

  it('still exports what the README names for composing a pipeline and for UI stores', () => {
    for (const name of [
      'connect',
      'createDirectLine',
      'reconnect$',
      'poll$',
      'deliverActivities',
      'dedupeBy',
      'backoffDelay',
      'toChatState',
      'chatReducer',
      'DirectLineError',
      'isDirectLineError',
    ]) {
      expect(typeof (entry as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
