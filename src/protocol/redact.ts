const REDACTED = '[redacted]';

/** How many credentials the process remembers (the most recently used). */
const MAX_KNOWN_SECRETS = 256;

/**
 * The shortest remembered credential scrubbed from text about another call. A shorter one (a
 * dummy `'a'` in a quick test) would rewrite every word it appears in; it is scrubbed only from
 * text about its own call (`redact(text, secret)`).
 */
export const MIN_REMEMBERED_LENGTH = 8;

/** The shortest encoded piece scrubbed on its own (the middle of a longer base64 string). */
const MIN_CORE_LENGTH = 8;

/** Credentials remembered for scrubbing, each with the forms a server could echo it in. */
const knownSecrets = new Map<string, readonly string[]>();

/**
 * Remembers a secret or token so that no text from outside (a server's answer, a close reason,
 * another library's message) repeats it. Remembering one again makes it the newest: the memory
 * keeps the credentials most recently used.
 */
export function rememberSecret(value: string | undefined | null): void {
  if (typeof value !== 'string' || value === '') return;
  const forms = knownSecrets.get(value) ?? formsOf(value);
  knownSecrets.delete(value);
  knownSecrets.set(value, forms);
  if (knownSecrets.size > MAX_KNOWN_SECRETS) knownSecrets.delete(knownSecrets.keys().next().value as string);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding, of bytes (no btoa or Buffer: every runtime has neither for sure). */
function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    for (let k = 0; k < 4; k++) out += k <= bytes.length - i ? BASE64[(n >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

const toUrlSafe = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_');

/**
 * The forms in which a server could echo a credential: as it is, URL-encoded, and
 * base64 (standard and URL-safe, padded or not). Inside a longer base64 string (`user:secret`
 * encoded whole) the secret's bytes may start at any of three offsets: for each, the characters
 * that depend on the secret alone are scrubbed too, when long enough not to match by chance.
 */
function formsOf(secret: string): readonly string[] {
  const forms = new Set<string>([secret]);
  try {
    forms.add(encodeURIComponent(secret));
  } catch {
    // a lone surrogate cannot be URL-encoded, so no server received it so
  }
  const bytes = new TextEncoder().encode(secret);
  // No credential is this long; the bound keeps the work small.
  for (let offset = 0; offset < 3 && bytes.length <= 4096; offset++) {
    const shifted = new Uint8Array(offset + bytes.length);
    shifted.set(bytes, offset);
    const encoded = base64(shifted);
    if (offset === 0) {
      forms.add(encoded);
      forms.add(encoded.replace(/=+$/, ''));
    }
    // Characters fully made of the secret's bits: from bit 8 × offset to bit 8 × (offset + length).
    const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    if (core.length >= MIN_CORE_LENGTH) forms.add(core);
  }
  for (const form of [...forms]) forms.add(toUrlSafe(form));
  return [...forms];
}

const escape = (form: string) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces every form in one pass, longest first, so that no replacement is scanned again. */
function scrub(text: string, forms: readonly string[]): string {
  const present = forms.filter((form) => text.includes(form));
  if (present.length === 0) return text;
  present.sort((a, b) => b.length - a.length);
  return text.replace(new RegExp(present.map(escape).join('|'), 'g'), REDACTED);
}

/**
 * Removes what looks like a credential whatever it is: `t=`, `token=` and `secret=` query
 * parameters, `Bearer …` values and JWT-shaped strings. Never matches the library's own text, so
 * a DirectLineError applies it to its whole message.
 */
export function redactPatterns(text: string): string {
  return String(text)
    .replace(/([?&](?:t|token|secret)=)[^&#\s"']+/gi, `$1${REDACTED}`)
    .replace(/(Bearer\s+)[^\s"',]+/gi, `$1${REDACTED}`)
    .replace(/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, REDACTED);
}

/**
 * Scrubs text that came from outside — a server's error body, a close reason, another library's
 * message — before it goes into an error or a debug event: `secret` (the credential of the call
 * the text is about, however short), every credential seen by `rememberSecret` that is at least
 * 8 characters long, each also URL-encoded and in base64, and whatever looks like a credential
 * (`t=`, `token=` and `secret=` query parameters, Bearer values, JWTs). Apply it to outside text
 * only: the library's own text is never rewritten.
 */
export function redact(text: string, secret?: string): string {
  const forms: string[] = secret ? [...(knownSecrets.get(secret) ?? formsOf(secret))] : [];
  for (const [known, its] of knownSecrets) if (known.length >= MIN_REMEMBERED_LENGTH) forms.push(...its);
  return redactPatterns(scrub(String(text), forms));
}
