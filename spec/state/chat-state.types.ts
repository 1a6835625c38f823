// Type tests of the chat state (compiled by `npm run typecheck`): its events are NgRx and Redux
// actions as they are, its creators plug into both stores' reducer builders, and the state holds
// plain data only.
import { expectTypeOf } from 'expect-type';
import type { Observable } from 'rxjs';
import { createReducer as createNgrxReducer, on } from '@ngrx/store';
import type { Action, ActionReducer } from '@ngrx/store';
import { createReducer as createToolkitReducer } from '@reduxjs/toolkit';
import type { Dispatch, Reducer, UnknownAction } from '@reduxjs/toolkit';
import {
  activityReceived,
  chatReducer,
  initialChatState,
  postFailed,
  postStarted,
  postSucceeded,
  statusChanged,
  toChatState,
} from 'directline-rx';
import type { Activity, ChatError, ChatEvent, ChatState, ChatStateObservable, DirectLineConnection, PostSucceeded } from 'directline-rx';

// Every event is an action of both stores, and a Redux store dispatches it as it is.
expectTypeOf<ChatEvent>().toExtend<Action>();
expectTypeOf<ChatEvent>().toExtend<UnknownAction>();
declare const dispatch: Dispatch<UnknownAction>;
dispatch(activityReceived({ type: 'message' }, 0));
expectTypeOf(postSucceeded('c1', 'id')).toEqualTypeOf<PostSucceeded>();
expectTypeOf(postSucceeded.type).toEqualTypeOf<'[Direct Line] Post Succeeded'>();

// chatReducer is a reducer of both stores, taking any action.
expectTypeOf(chatReducer).toExtend<Reducer<ChatState>>();
expectTypeOf(chatReducer).toExtend<ActionReducer<ChatState>>();

// The creators plug into NgRx's on() and Redux Toolkit's addCase(), with the event's type.
createNgrxReducer(
  initialChatState,
  on(activityReceived, postStarted, postSucceeded, postFailed, statusChanged, (state, event) => {
    expectTypeOf(event.type).toEqualTypeOf<
      | '[Direct Line] Activity Received'
      | '[Direct Line] Post Started'
      | '[Direct Line] Post Succeeded'
      | '[Direct Line] Post Failed'
      | '[Direct Line] Status Changed'
    >();
    return chatReducer(state, event);
  }),
);
createToolkitReducer(initialChatState, (builder) =>
  builder.addCase(postFailed, (state, event) => {
    expectTypeOf(event.error).toEqualTypeOf<ChatError>();
    return chatReducer(state as ChatState, event);
  }),
);

// match() narrows an unknown action.
declare const action: UnknownAction;
if (postSucceeded.match(action)) expectTypeOf(action.id).toBeString();

// The state is plain data: no functions anywhere in it (so no class instances such as Date either).
type HasFunction<T> = T extends (...args: never[]) => unknown
  ? true
  : T extends readonly (infer U)[]
    ? HasFunction<U>
    : T extends object
      ? true extends { [K in keyof T]-?: HasFunction<T[K]> }[keyof T]
        ? true
        : false
      : false;
expectTypeOf<HasFunction<ChatState>>().toEqualTypeOf<false>();
expectTypeOf<HasFunction<ChatEvent>>().toEqualTypeOf<false>();
expectTypeOf<HasFunction<{ posts: { at: Date }[] }>>().toEqualTypeOf<true>(); // the check does catch one

// toChatState: an observable of the state, with send().
declare const connection: DirectLineConnection;
const chat = toChatState(connection);
expectTypeOf(chat).toExtend<Observable<ChatState>>();
expectTypeOf(chat).toEqualTypeOf<ChatStateObservable>();
expectTypeOf(chat.send).parameters.toEqualTypeOf<[input: string | Activity]>();
expectTypeOf(chat.send('hi')).toEqualTypeOf<Observable<string>>();

// @ts-expect-error a success needs the service's id
postSucceeded('c1');
// @ts-expect-error a status is a ConnectionStatus
statusChanged('Online');
