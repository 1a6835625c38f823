/** Everything an error exposes: message, stack, String(), JSON and each own property (enumerable or not). */
export function everythingIn(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const record = err as unknown as Record<string, unknown>;
  const own = Object.getOwnPropertyNames(err).map((k) => {
    const v = record[k];
    let text: string;
    try {
      text = typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
    } catch {
      text = String(v);
    }
    return `${k}=${text}`;
  });
  return [err.message, err.stack ?? '', String(err), JSON.stringify(err), ...own].join('\n');
}
