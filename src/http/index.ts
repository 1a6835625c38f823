export * from './calls';
export { request, requestJson, buildUrl, DEFAULT_DOMAIN } from './request';
export type { HttpOptions, RequestSpec, HttpEvent } from './request';
