import { Observable, catchError, defer, retry, throwError } from 'rxjs';
import type { Credentials } from '../credentials';
import { postActivity } from '../http/calls';
import { upload } from '../http/upload';
import type { UploadEvent, UploadFile } from '../http/upload';
import { decidePostResend } from '../operators/retry-policy';
import type { RetryOptions } from '../operators/retry-policy';
import type { Activity } from '../protocol/activity';
import { DirectLineError, asDirectLineError } from '../protocol/errors';
import { prepareActivity } from '../validate';
import type { ConversationSource } from './conversation-source';
import type { ConversationUser } from './conversation-user';
import { endedError } from './ending';
import type { Ending } from './ending';
import { clientActivityIdOf, randomClientActivityId, withClientActivityId } from './post-echoes';
import type { PostEchoes } from './post-echoes';

export interface PostParts {
  conversation: ConversationSource;
  credentials: Credentials;
  user: ConversationUser;
  echoes: PostEchoes;
  retry: RetryOptions;
  ending: Ending;
  /** Every post and upload goes out with `deliveryMode: "stream"` (the `streaming` option). */
  streaming: boolean;
}

/**
 * What the user sends: posts and uploads into the connection's one conversation (waiting for it to
 * start, never starting another). A post is re-sent only where nothing can have been processed;
 * its outcome is the id, or an error — and when its HTTP answer is lost to `end()` or the network
 * after its echo came back, still the id.
 */
export class Posts {
  constructor(private readonly parts: PostParts) {}

  post(activity: Activity): Observable<string> {
    const { conversation, credentials, user, echoes, retry: retryOptions, ending } = this.parts;
    // One observable for the whole post (not defer, an inner observable and catchError): a post runs little code of its own.
    return new Observable<string>((subscriber) => {
      let prepared: Activity;
      try {
        user.adopt(activity);
        prepared = withClientActivityId(this.delivered(prepareActivity(activity, user.current)), randomClientActivityId);
      } catch (err) {
        subscriber.error(asDirectLineError(err));
        return undefined;
      }
      if (ending.ended) {
        subscriber.error(endedError());
        return undefined;
      }
      const key = clientActivityIdOf(prepared);
      const pending = key === undefined ? undefined : echoes.expect(key);
      // The HTTP answer is lost (end(), network): the post still succeeded if its echo came back.
      const fail = (error: DirectLineError) => {
        if (pending?.id !== undefined) {
          subscriber.next(pending.id);
          subscriber.complete();
        } else subscriber.error(error);
      };
      const stop = ending.ended$.subscribe(() => fail(endedError()));
      const run = conversation
        .withId((conversationId) => postActivity(credentials.http(), conversationId, prepared))
        .pipe(
          retry({
            delay: (err, resend) => {
              const decision = decidePostResend(err, resend, retryOptions);
              return decision.kind === 'retry' ? decision.wait : throwError(() => decision.error);
            },
          }),
        )
        .subscribe({
          next: (id) => subscriber.next(id),
          error: (err) => fail(asDirectLineError(err)),
          complete: () => subscriber.complete(),
        });
      return () => {
        stop.unsubscribe();
        run.unsubscribe();
        if (pending) echoes.forget(pending);
      };
    });
  }

  /** The activity as it goes out: asking for a livestream when the connection streams. */
  private delivered(activity: Activity): Activity {
    return this.parts.streaming ? { ...activity, deliveryMode: 'stream' } : activity;
  }

  /** Files with an activity, through the upload call: progress, then `{ type: 'done', id }`. */
  upload(activity: Activity, files: UploadFile[]): Observable<UploadEvent> {
    const { conversation, credentials, user, ending } = this.parts;
    return ending
      .untilEnded(
        defer(() => {
          user.adopt(activity);
          const prepared = this.delivered(prepareActivity(activity, user.current));
          if (!Array.isArray(files) || files.length === 0)
            throw new DirectLineError('uploadActivity needs at least one file', { code: 'InvalidActivity' });
          return conversation.withId((conversationId) => upload(credentials.http(), conversationId, user.id, files, prepared));
        }),
      )
      .pipe(catchError((err) => throwError(() => asDirectLineError(err))));
  }
}
