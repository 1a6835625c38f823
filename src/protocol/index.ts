export * from './activity';
export * from './frame';
export { DirectLineError, isDirectLineError } from './errors';
export type { DirectLineErrorCode, DirectLineErrorInit } from './errors';
