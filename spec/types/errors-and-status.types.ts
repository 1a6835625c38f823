// Type tests of DirectLineError and ConnectionStatus (see connect.types.ts for how they are compiled).
import { expectTypeOf } from 'expect-type';
import type { Observable } from 'rxjs';
import { ConnectionStatus, DirectLineError, isDirectLineError } from 'directline-rx';
import type { DirectLineConnection, DirectLineErrorInit } from 'directline-rx';

// DirectLineError: an Error with status, code, retryable and retryAfterMs, all read-only.
const error = new DirectLineError('boom', { status: 429, code: 'Throttled', retryable: true, retryAfterMs: 1000 });
expectTypeOf(error).toExtend<Error>();
expectTypeOf(DirectLineError).constructorParameters.toEqualTypeOf<[message: string, init?: DirectLineErrorInit]>();
expectTypeOf(error.name).toBeString();
expectTypeOf(error.status).toEqualTypeOf<number | undefined>();
expectTypeOf(error.code).toEqualTypeOf<string | undefined>();
expectTypeOf(error.retryable).toEqualTypeOf<boolean>();
expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | undefined>();
expectTypeOf(error.message).toEqualTypeOf<string>();
// @ts-expect-error its fields are read-only
error.retryable = false;
// @ts-expect-error its fields are read-only
error.status = 500;
// @ts-expect-error the status is a number
expectTypeOf(DirectLineError).toBeConstructibleWith('boom', { status: '500' });
// @ts-expect-error the message comes first
expectTypeOf(DirectLineError).toBeConstructibleWith({ status: 500 });

// isDirectLineError narrows what an observable's error callback receives.
declare const caught: unknown;
if (isDirectLineError(caught)) expectTypeOf(caught).toEqualTypeOf<DirectLineError>();
expectTypeOf(isDirectLineError).guards.toEqualTypeOf<DirectLineError>();

// ConnectionStatus: a numeric enum with the numbers of botframework-directlinejs.
expectTypeOf<`${ConnectionStatus}`>().toEqualTypeOf<'0' | '1' | '2' | '3' | '4' | '5'>();
expectTypeOf<keyof typeof ConnectionStatus>().toEqualTypeOf<
  'Uninitialized' | 'Connecting' | 'Online' | 'ExpiredToken' | 'FailedToConnect' | 'Ended'
>();
expectTypeOf(ConnectionStatus.Online).toExtend<number>();
expectTypeOf(ConnectionStatus[ConnectionStatus.Online]).toEqualTypeOf<string>();
declare const conn: DirectLineConnection;
expectTypeOf(conn.connectionStatus$).toEqualTypeOf<Observable<ConnectionStatus>>();
// @ts-expect-error a status is the enum, not its name
const named: ConnectionStatus = 'Online';
// @ts-expect-error there is no such status
void ConnectionStatus.Closed;
void named;
