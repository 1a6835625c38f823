export * from './activity';
export * from './frame';
export * from './errors';
export { redact, rememberSecret } from './redact';
export { livestreamChunkOf } from './livestream';
export type { LivestreamChunk } from './livestream';
