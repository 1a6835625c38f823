import { Observable, defer, filter, map, switchMap, take, throwError, throwIfEmpty } from 'rxjs';
import type { DirectLineConnection } from '../connection';
import { endedError } from '../connect/ending';
import { clientActivityIdOf } from '../connect/post-echoes';
import type { UploadEvent } from '../http/upload';
import type { Activity } from '../protocol/activity';
import { DirectLineError } from '../protocol/errors';
import type { ConnectionSwitch } from './connection-switch';
import { hasLocalAttachments, toUpload } from './local-attachments';
import type { StatusRelay } from './status-relay';
import type { WebChatUser } from './web-chat-user';

/** Sends an activity on a connection: a post, or the upload call when it carries `blob:` / `data:` attachments. Emits the id. */
export function send(connection: DirectLineConnection, activity: Activity): Observable<string> {
  if (!hasLocalAttachments(activity)) return connection.postActivity(activity);
  return toUpload(activity).pipe(
    switchMap((upload) => connection.uploadActivity(upload.activity, upload.files)),
    filter((e: UploadEvent): e is Extract<UploadEvent, { type: 'done' }> => e.type === 'done'),
    map((e) => e.id),
    take(1),
    throwIfEmpty(() => new DirectLineError('The upload ended without an id', { code: 'BadResponse' })),
  );
}

/**
 * What Web Chat posts: sent as the user, on the connection current at the time (which stays until
 * it settled), and in flight for the sending grace until its answer and its echo came.
 */
export class WebChatPosts {
  constructor(
    private readonly connections: ConnectionSwitch,
    private readonly user: WebChatUser,
    private readonly status: StatusRelay,
  ) {}

  post(activity: Activity): Observable<string> {
    return defer(() => {
      if (this.connections.ended) return throwError(() => endedError());
      const connection = this.connections.use();
      const outgoing = this.user.outgoing(activity);
      const send$ = send(connection, outgoing);
      const key = outgoing && typeof outgoing === 'object' ? clientActivityIdOf(outgoing) : undefined;
      return this.connections.tracked(connection, key === undefined ? send$ : this.status.sending(key, send$));
    });
  }
}
