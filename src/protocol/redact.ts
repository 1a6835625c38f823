const REDACTED = '[redacted]';

/** Credentials registered here are scrubbed from every error message built by the library. */
const knownSecrets = new Set<string>();

/** Remembers a secret or token so that no message ever repeats it. */
export function rememberSecret(value: string | undefined | null): void {
  if (typeof value === 'string' && value.length >= 8) knownSecrets.add(value);
  // Bounded: keep the newest few hundred credentials only.
  if (knownSecrets.size > 256) {
    const oldest = knownSecrets.values().next().value as string;
    knownSecrets.delete(oldest);
  }
}

/**
 * Removes credentials from a string: `t=` and `token=` query parameters, `Bearer …` values,
 * JWT-shaped strings and every credential seen by `rememberSecret`.
 */
export function redact(text: string): string {
  let out = String(text);
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  out = out.replace(/([?&](?:t|token|secret)=)[^&#\s"']+/gi, `$1${REDACTED}`);
  out = out.replace(/(Bearer\s+)[^\s"',]+/gi, `$1${REDACTED}`);
  out = out.replace(/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, REDACTED);
  return out;
}
