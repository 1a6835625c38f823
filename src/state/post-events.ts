import { Observable, asyncScheduler, catchError, concat, defer, map, of, tap } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type { DirectLineConnection } from '../connection';
import type { Activity } from '../protocol/activity';
import { DirectLineError } from '../protocol/errors';
import { isObject } from '../protocol/guards';
import { clientActivityIdOf, randomClientActivityId, withClientActivityId } from '../connect/post-echoes';
import { postFailed, postStarted, postSucceeded } from './events';
import type { PostFailed, PostStarted, PostSucceeded } from './events';

/** Options of {@link postEvents}. */
export interface PostEventsOptions {
  /** The clock of `postStarted`'s `at` (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** Makes the `channelData.clientActivityID` of a post that has none. Default: a random id. */
  createClientActivityId?: () => string;
}

/** The events of one own post. */
export type PostEvent = PostStarted | PostSucceeded | PostFailed;

/**
 * Posts a message (a string) or an activity, as {@link ChatEvent}s: `postStarted` with the
 * activity as posted (given a `channelData.clientActivityID` if it has none), then `postSucceeded`
 * with the service's id or `postFailed` with the error, then completes. It never errors: what
 * cannot be posted (not an object, or `channelData` that is not an object) is one `postFailed`
 * with an `InvalidActivity` error. Cold: each subscription posts once.
 *
 * @example
 * ```ts
 * postEvents(connection, 'hello').subscribe((event) => store.dispatch(event));
 * ```
 */
export function postEvents(
  connection: DirectLineConnection,
  input: string | Activity,
  options: PostEventsOptions = {},
): Observable<PostEvent> {
  return postEventsWith(connection, input, options);
}

/** {@link postEvents}, telling `onError` the error itself (a DirectLineError) before it becomes plain data. */
export function postEventsWith(
  connection: DirectLineConnection,
  input: string | Activity,
  options: PostEventsOptions,
  onError?: (error: unknown) => void,
): Observable<PostEvent> {
  return defer(() => {
    const scheduler = options.scheduler ?? asyncScheduler;
    const createClientActivityId = options.createClientActivityId ?? randomClientActivityId;
    const activity: unknown = typeof input === 'string' ? { type: 'message', text: input } : input;
    const posted = isObject(activity) ? withClientActivityId(activity as Activity, createClientActivityId) : undefined;
    const clientActivityId = posted && clientActivityIdOf(posted);
    if (!posted || clientActivityId === undefined) {
      const error = new DirectLineError('A post is a string or an activity whose channelData, if any, is an object', {
        code: 'InvalidActivity',
      });
      onError?.(error);
      return of(postFailed(createClientActivityId(), error));
    }
    return concat(
      of(postStarted(posted, scheduler.now())),
      connection.postActivity(posted).pipe(
        map((id): PostEvent => postSucceeded(clientActivityId, id)),
        tap({ error: (error) => onError?.(error) }),
        catchError((error) => of(postFailed(clientActivityId, error))),
      ),
    );
  });
}
