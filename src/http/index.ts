export { generateToken, refreshToken, startConversation, getConversation, postActivity, getActivities, getSessionId } from './calls';
export type { StartConversationParams } from './calls';
export { upload } from './upload';
export type { UploadFile, UploadEvent } from './upload';
export { request, requestJson, buildUrl, DEFAULT_DOMAIN } from './request';
export type { HttpOptions, RequestSpec, HttpEvent } from './request';
