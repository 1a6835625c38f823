// Type tests of 'directline-rx/node' and 'directline-rx/emulator' (see connect.types.ts for how
// they are compiled). Nothing here needs lib "DOM": ws stands for the WebSocket.
import { expectTypeOf } from 'expect-type';
import WebSocket from 'ws';
import * as browserEntry from 'directline-rx';
import { connect, DirectLineError, nodeCreateXHR, nodeWebSocketFactory } from 'directline-rx/node';
import type { ConnectOptions, DirectLineConnection, WebSocketFactory, WebSocketLike, XMLHttpRequestLike } from 'directline-rx/node';
import { echoBot, startEmulator } from 'directline-rx/emulator';
import type { BotHandler, Emulator, EmulatorOptions } from 'directline-rx/emulator';

// The Node entry: the same connect() signature, with ws and xhr2 filled in.
expectTypeOf(connect).toEqualTypeOf<(options: ConnectOptions) => DirectLineConnection>();
expectTypeOf(connect).toEqualTypeOf(browserEntry.connect);
expectTypeOf(DirectLineError).toEqualTypeOf(browserEntry.DirectLineError);
expectTypeOf(nodeWebSocketFactory).toEqualTypeOf<WebSocketFactory>();
expectTypeOf(nodeCreateXHR).toEqualTypeOf<() => XMLHttpRequestLike>();
expectTypeOf(connect).toBeCallableWith({ token: 't', webSocketFactory: nodeWebSocketFactory, createXHR: nodeCreateXHR });

// Own transports: a ws WebSocket fits the factory as it is.
expectTypeOf<WebSocketFactory>().parameters.toEqualTypeOf<
  [url: string, protocols?: string | string[], limits?: { maxResponseBytes?: number }]
>();
expectTypeOf<WebSocketFactory>().returns.toEqualTypeOf<WebSocketLike>();
const wsFactory: WebSocketFactory = (url, protocols) => new WebSocket(url, protocols);
expectTypeOf(connect).toBeCallableWith({ token: 't', webSocketFactory: wsFactory });
// @ts-expect-error a factory must return a socket: it needs close() and the four handlers
expectTypeOf(connect).toBeCallableWith({ token: 't', webSocketFactory: () => ({ send() {} }) });
// @ts-expect-error createXHR returns a request object, not a constructor
expectTypeOf(connect).toBeCallableWith({ token: 't', createXHR: nodeCreateXHR() });

// The emulator.
expectTypeOf(startEmulator).parameters.toEqualTypeOf<[options?: EmulatorOptions]>();
expectTypeOf(startEmulator).returns.resolves.toEqualTypeOf<Emulator>();
expectTypeOf(startEmulator).toBeCallableWith({ port: 0, host: '127.0.0.1', secret: 's', bot: echoBot });
expectTypeOf(echoBot).toExtend<BotHandler>();
declare const emulator: Emulator;
expectTypeOf(emulator.domain).toEqualTypeOf<string>();
expectTypeOf(emulator.close).toEqualTypeOf<() => Promise<void>>();
expectTypeOf(connect).toBeCallableWith({ domain: emulator.domain, secret: emulator.secret });
// @ts-expect-error the port is a number
expectTypeOf(startEmulator).toBeCallableWith({ port: '3000' });
