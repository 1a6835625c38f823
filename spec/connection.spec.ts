import { connect } from '../src/connection';

describe('the connection object', () => {
  it("hands out the same observables at every read (an Angular template's async pipe re-subscribes when they change)", () => {
    const conn = connect({ secret: 's', domain: 'http://127.0.0.1:1/v3/directline' });
    expect(conn.activity$).toBe(conn.activity$);
    expect(conn.connectionStatus$).toBe(conn.connectionStatus$);
    expect(conn.session$).toBe(conn.session$);
    conn.end();
  });

  it('keeps its methods on the prototype: a bound method works on its own', () => {
    const conn = connect({ secret: 's', domain: 'http://127.0.0.1:1/v3/directline', conversationId: 'c1', watermark: '3' });
    expect(Object.keys(conn)).not.toContain('postActivity');
    const getSession = conn.getSession.bind(conn);
    expect(getSession()).toEqual({ conversationId: 'c1', token: undefined, watermark: '3' });
    conn.end();
  });
});
