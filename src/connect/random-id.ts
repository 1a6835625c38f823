/** `prefix` and up to 16 random base-36 characters: ids that only need to differ, such as a user's or a post's. */
export function randomId(prefix: string): string {
  return prefix + Math.random().toString(36).slice(2, 10) + Math.random().toString(36).slice(2, 10);
}
