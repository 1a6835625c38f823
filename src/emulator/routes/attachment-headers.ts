/**
 * How an uploaded file is served back. Uploads come from any client, and the emulator's origin
 * also serves the demo page and the admin routes: a file must never run there. So every file
 * comes with `nosniff` and a `sandbox` Content-Security-Policy (a document opened from it has an
 * opaque origin and runs no script), and only types a browser merely shows (raster images, audio,
 * video, plain text) are served inline; everything else (HTML, SVG, XML, scripts, unknown) is a
 * download.
 */

/** Media types shown inline: a browser renders them and runs nothing from them. */
const INLINE = /^(?:image\/(?:png|jpeg|gif|webp|bmp|avif|x-icon|vnd\.microsoft\.icon)|audio\/[\w.+-]+|video\/[\w.+-]+|text\/plain)$/;

/** A Content-Type header value as sent, if it is one (`type/subtype` and parameters, printable ASCII); else octet-stream. */
export function safeContentType(value: string | undefined): string {
  const text = (value ?? '').trim();
  return /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(?:\s*;[\x20-\x7e]*)?$/.test(text) && text.length <= 200 ? text : 'application/octet-stream';
}

/** The headers of a stored file's answer. */
export function attachmentHeaders(contentType: string, name: string, length: number): Record<string, string> {
  const type = safeContentType(contentType);
  const media = type.split(';')[0].trim().toLowerCase();
  const disposition = INLINE.test(media) ? 'inline' : 'attachment';
  return {
    'Content-Type': type,
    'Content-Length': String(length),
    'Content-Disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'",
  };
}
