import { timingSafeEqual } from 'node:crypto';

/** Compares two strings in a time that does not tell how much of them matched (secrets, signatures). */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
