import { HttpError } from '../http/errors';

/** 256 KB: the largest activity the service accepts from a client. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;
/** 1 MB: the largest activity a bot may send (Bot Connector routes, `sendFromBot`, an in-process bot's `reply`). */
export const MAX_BOT_ACTIVITY_BYTES = 1024 * 1024;
/** Objects and arrays nested deeper than this are refused (what common JSON readers accept by default). */
export const MAX_ACTIVITY_DEPTH = 64;

/**
 * Refuses with 400, before anything is stored, an activity that could not be stored and served
 * back: nested deeper than `MAX_ACTIVITY_DEPTH`, larger than `maxBytes` serialised, or not
 * serialisable at all (a cycle, a BigInt, from an in-process caller). The depth is measured
 * without recursion, so no input can exhaust the stack here.
 */
export function checkActivityBounds(value: unknown, maxBytes: number): void {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 1 }];
  // Each node is pushed once, and the serialised size bounds how many there can be.
  for (let visited = 0; stack.length > 0; visited++) {
    if (visited > maxBytes) throw tooLarge(maxBytes);
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_ACTIVITY_DEPTH)
      throw new HttpError(400, 'BadArgument', `The activity is nested deeper than ${MAX_ACTIVITY_DEPTH} levels`);
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    throw new HttpError(400, 'BadArgument', 'The activity cannot be serialised as JSON');
  }
  if (text === undefined) throw new HttpError(400, 'BadArgument', 'The activity cannot be serialised as JSON');
  if (Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(400, 'BadArgument', `The activity is larger than ${maxBytes} bytes`);
}
