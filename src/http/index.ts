export * from './calls';
export * from './upload';
export { request, requestJson, buildUrl, DEFAULT_DOMAIN } from './request';
export type { HttpOptions, RequestSpec, HttpEvent } from './request';
