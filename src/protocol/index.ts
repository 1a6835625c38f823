export * from './activity';
export * from './frame';
export { DirectLineError, isDirectLineError } from './errors';
export type { DirectLineErrorCode, DirectLineErrorInit } from './errors';
export { livestreamChunkOf } from './livestream';
export type { LivestreamChunk } from './livestream';
