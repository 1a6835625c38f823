import type { Activity } from '../../src/protocol/activity';
import { addTally, checkConversation, emptyTally } from '../../bench/soak/check';

const user = (id: string, text: string): Activity => ({ type: 'message', id, text, from: { id: 'u', role: 'user' } });
const bot = (id: string, text: string): Activity => ({ type: 'message', id, text, from: { id: 'bot', role: 'bot' } });

describe('the soak judge (checkConversation)', () => {
  const transcript = [user('1', '0:0'), bot('2', 'echo: 0:0'), user('3', '0:1'), bot('4', 'echo: 0:1')];

  it('a clean conversation: everything delivered once and in order, each successful post stored once', () => {
    const t = checkConversation(transcript, {
      received: transcript,
      accepted: new Set(['0:0', '0:1']),
      errored: new Set(['0:2']),
      sent: 3,
    });
    expect(t).toEqual({
      sent: 3,
      accepted: 2,
      errored: 1,
      stored: 4,
      delivered: 4,
      lost: 0,
      duplicated: 0,
      outOfOrder: 0,
      acceptedNotOnce: 0,
      erroredStored: 0,
    });
  });

  it('counts what was lost, repeated and delivered out of the stored order', () => {
    const received = [transcript[0], transcript[2], transcript[1], transcript[2]];
    const t = checkConversation(transcript, { received, accepted: new Set(['0:0', '0:1']), errored: new Set(), sent: 2 });
    expect(t).toMatchObject({ delivered: 3, lost: 1, duplicated: 1, outOfOrder: 1 });
  });

  it('a successful post missing from the transcript or stored twice, and an errored post stored, are wrong', () => {
    const twice = [...transcript, user('5', '0:1')];
    const t = checkConversation(twice, { received: twice, accepted: new Set(['0:0', '0:1', '0:9']), errored: new Set(['0:0']), sent: 4 });
    expect(t).toMatchObject({ acceptedNotOnce: 2, erroredStored: 1 });
  });

  it('tallies add up field by field', () => {
    const one = checkConversation(transcript, {
      received: transcript.slice(0, 3),
      accepted: new Set(['0:0']),
      errored: new Set(),
      sent: 1,
    });
    expect(addTally(addTally(emptyTally(), one), one)).toMatchObject({ sent: 2, delivered: 6, lost: 2, stored: 8 });
  });
});
