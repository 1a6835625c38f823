/**
 * The length in bytes of `text` encoded as UTF-8 (as `TextEncoder` encodes it: a lone surrogate
 * counts as the 3 bytes of U+FFFD), counted without encoding it.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // a surrogate pair: one code point of 4 bytes
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
