const REDACTED = '[redacted]';

/** How many credentials the process remembers (the most recently used). */
const MAX_KNOWN_SECRETS = 256;

/** Credentials registered here are scrubbed from every error message built by the library. */
const knownSecrets = new Set<string>();

/**
 * Remembers a secret or token so that no message ever repeats it, however short. Remembering one
 * again makes it the newest: the memory keeps the credentials most recently used.
 */
export function rememberSecret(value: string | undefined | null): void {
  if (typeof value !== 'string' || value === '') return;
  knownSecrets.delete(value);
  knownSecrets.add(value);
  if (knownSecrets.size > MAX_KNOWN_SECRETS) knownSecrets.delete(knownSecrets.values().next().value as string);
}

function scrub(text: string, secret: string): string {
  return text.includes(secret) ? text.split(secret).join(REDACTED) : text;
}

/**
 * Removes credentials from a string: `t=` and `token=` query parameters, `Bearer …` values,
 * JWT-shaped strings, every credential seen by `rememberSecret`, and `secret` when given (the
 * credential of the call the text is about, whatever the process remembers).
 */
export function redact(text: string, secret?: string): string {
  let out = String(text);
  if (secret) out = scrub(out, secret);
  for (const known of knownSecrets) out = scrub(out, known);
  out = out.replace(/([?&](?:t|token|secret)=)[^&#\s"']+/gi, `$1${REDACTED}`);
  out = out.replace(/(Bearer\s+)[^\s"',]+/gi, `$1${REDACTED}`);
  out = out.replace(/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, REDACTED);
  return out;
}
