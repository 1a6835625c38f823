import * as readline from 'node:readline';
import { distinctUntilChanged, filter, map } from 'rxjs/operators';
import { connect, ConnectionStatus } from 'directline-rx/node';
import type { Activity, ConnectOptions, DebugEvent } from 'directline-rx/node';
import { LiveLines } from './live-lines';

/** What the terminal chat needs: where to connect, and the streams it talks through. */
export interface NodeChatOptions {
  /** Passed to `connect()`: `domain` and one of `secret` / `token`, at least. */
  connection: ConnectOptions;
  /** Lines the user types (default `process.stdin`). */
  input?: NodeJS.ReadableStream;
  /** Where the chat is printed (default `process.stdout`). */
  output?: NodeJS.WritableStream;
}

/** How the chat ended: `0` when the user left (`/quit` or end of input), `1` when the connection failed. */
export type ExitCode = 0 | 1;

/** A short name for an error: its code and HTTP status, e.g. `BotError, HTTP 502`. */
function describeError(error: { code?: string; status?: number; message?: string } | undefined): string {
  const parts = [error?.code, error?.status ? `HTTP ${error.status}` : undefined].filter((p) => p !== undefined);
  return parts.length > 0 ? parts.join(', ') : (error?.message ?? 'unknown');
}

/** One line for each debug event worth showing: reconnects, fallback to polling, token refreshes, failures. */
export function describeDebugEvent(event: DebugEvent): string | undefined {
  switch (event.type) {
    case 'retry':
      return `* reconnecting: attempt ${event.attempt} in ${event.delayMs} ms (${describeError(event.error)})`;
    case 'fallback':
      return `* WebSocket unavailable (${describeError(event.error)}): receiving by polling`;
    case 'tokenRefreshed':
      return '* token refreshed';
    case 'tokenRefreshFailed':
      return `* token refresh failed (${describeError(event.error)})`;
    case 'failed':
      return `* connection failed (${describeError(event.error)})`;
    case 'status':
      return undefined; // printed from connectionStatus$
  }
}

/**
 * A terminal chat: each line typed is posted; each activity from someone else is printed as it
 * arrives, with typing indicators, each status change and each reconnect. A livestream (a reply
 * that grows chunk by chunk) is one line, rewritten in place as its text grows and then by its
 * final text, on a terminal; elsewhere (a pipe) only its final text is printed. Resolves when the
 * user types `/quit` or the input ends (after ending the connection), or when the connection fails.
 */
export function runChat(options: NodeChatOptions): Promise<ExitCode> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const tty = (output as { isTTY?: boolean }).isTTY === true;
  const rl = readline.createInterface({ input, output, terminal: tty, prompt: 'you> ' });
  /** The livestream whose line was printed last, and the terminal rows it takes: the line to rewrite in place. */
  let live: { streamId: string; rows: number } | undefined;
  const rowsOf = (line: string) => Math.max(1, Math.ceil(line.length / ((output as { columns?: number }).columns ?? 80)));
  /** Prints above the prompt without mangling what the user is typing; `rewrite` first erases the live line. */
  const print = (line: string | undefined, rewrite = false) => {
    if (tty) {
      readline.clearLine(output, 0);
      readline.cursorTo(output, 0);
      if (rewrite && live) {
        readline.moveCursor(output, 0, -live.rows);
        readline.clearScreenDown(output);
      }
    }
    if (line !== undefined) output.write(`${line}\n`);
    if (tty) rl.prompt(true);
    live = undefined;
  };
  const livestreams = new LiveLines();
  /** Shows a livestream's line: in place of its former text when that is the last line printed. */
  const showLive = (streamId: string, line: string | undefined, final: boolean) => {
    if (!tty) {
      if (final && line !== undefined) print(line);
      return;
    }
    print(line, live?.streamId === streamId);
    if (!final && line !== undefined) live = { streamId, rows: rowsOf(line) };
  };

  const conn = connect({
    ...options.connection,
    debug: (event) => {
      const line = describeDebugEvent(event);
      if (line) print(line);
      options.connection.debug?.(event);
    },
  });
  const userId = options.connection.user?.id;
  const isOwn = (a: Activity) => (userId !== undefined ? a.from?.id === userId : a.from?.role === 'user');

  return new Promise<ExitCode>((resolve) => {
    let done = false;
    let inFlight = 0;
    let inputEnded = false;
    const finish = (code: ExitCode) => {
      if (done) return;
      done = true;
      conn.end();
      rl.close();
      resolve(code);
    };

    conn.connectionStatus$.subscribe((status) => print(`* status: ${ConnectionStatus[status]}`));
    conn.session$
      .pipe(
        map((s) => s.conversationId),
        filter((id): id is string => id !== undefined),
        distinctUntilChanged(),
      )
      .subscribe((id) => print(`* conversation: ${id}`));
    conn.activity$.subscribe({
      next: (activity) => {
        if (isOwn(activity)) return;
        const who = activity.from?.name ?? activity.from?.id ?? '?';
        const update = livestreams.update(activity, who);
        if (update?.kind === 'show') showLive(update.streamId, update.line, update.final);
        else if (update?.kind === 'remove') showLive(update.streamId, undefined, true);
        else if (update)
          return; // a stale, repeated or late chunk
        else if (activity.type === 'typing') print(`${who} is typing…`);
        else if (activity.type === 'message')
          print(`${who}> ${activity.text ?? ''}${activity.attachments?.length ? ` [${activity.attachments.length} attachment(s)]` : ''}`);
        else print(`${who} sent ${activity.type}${activity.name ? ` ${activity.name}` : ''}`);
      },
      error: (error) => {
        print(`* the conversation is over: ${describeError(error)}`);
        finish(1);
      },
    });

    rl.on('line', (line) => {
      const text = line.trim();
      if (text === '/quit') return finish(0);
      if (text !== '') {
        inFlight++;
        conn.postActivity({ type: 'message', text }).subscribe({
          error: (error) => {
            print(`* not sent: "${text}" (${describeError(error)})`);
            settled();
          },
          complete: settled,
        });
      }
      if (tty) rl.prompt();
    });
    // At the end of the input (a pipe, Ctrl-D), the posts still in flight are let finish first.
    const settled = () => {
      inFlight--;
      if (inputEnded && inFlight === 0) finish(0);
    };
    rl.on('close', () => {
      inputEnded = true;
      if (inFlight === 0) finish(0);
    });
    if (tty) rl.prompt();
  });
}
