/** Direct Line 3.0 data shapes, as they travel on the wire. */

export interface ChannelAccount {
  id: string;
  name?: string;
  role?: 'user' | 'bot' | 'channel' | string;
  aadObjectId?: string;
}

export interface ConversationAccount {
  id: string;
  name?: string;
  isGroup?: boolean;
  conversationType?: string;
  tenantId?: string;
}

export interface CardImage {
  url: string;
  alt?: string;
  tap?: CardAction;
}

export interface CardAction {
  type: 'openUrl' | 'imBack' | 'postBack' | 'playAudio' | 'playVideo' | 'showImage' | 'downloadFile' | 'signin' | 'call' | 'messageBack' | string;
  title?: string;
  image?: string;
  imageAltText?: string;
  text?: string;
  displayText?: string;
  value?: unknown;
  channelData?: unknown;
}

export interface SuggestedActions {
  to?: string[];
  actions: CardAction[];
}

export interface MediaUrl {
  url: string;
  profile?: string;
}

export interface ThumbnailUrl {
  url: string;
  alt?: string;
}

/** Content of the hero and thumbnail cards (`application/vnd.microsoft.card.hero` / `.thumbnail`). */
export interface HeroCard {
  title?: string;
  subtitle?: string;
  text?: string;
  images?: CardImage[];
  buttons?: CardAction[];
  tap?: CardAction;
}

/** Content of the media cards (`application/vnd.microsoft.card.audio` / `.video` / `.animation`). */
export interface MediaCard {
  title?: string;
  subtitle?: string;
  text?: string;
  image?: ThumbnailUrl;
  media?: MediaUrl[];
  buttons?: CardAction[];
  shareable?: boolean;
  autoloop?: boolean;
  autostart?: boolean;
  aspect?: string;
  duration?: string;
  value?: unknown;
}

export interface SigninCard {
  text?: string;
  buttons?: CardAction[];
}

export interface OAuthCard extends SigninCard {
  connectionName?: string;
  tokenExchangeResource?: { id?: string; uri?: string; providerId?: string };
}

export interface ReceiptItem {
  title?: string;
  subtitle?: string;
  text?: string;
  image?: CardImage;
  price?: string;
  quantity?: string;
  tap?: CardAction;
}

export interface Fact {
  key?: string;
  value?: string;
}

export interface ReceiptCard {
  title?: string;
  facts?: Fact[];
  items?: ReceiptItem[];
  tap?: CardAction;
  total?: string;
  tax?: string;
  vat?: string;
  buttons?: CardAction[];
}

/** Adaptive Card JSON is passed through untouched. */
export type AdaptiveCard = { type: 'AdaptiveCard'; version?: string; body?: unknown[]; actions?: unknown[] } & Record<string, unknown>;

export interface Attachment {
  contentType: string;
  contentUrl?: string;
  content?: HeroCard | MediaCard | SigninCard | OAuthCard | ReceiptCard | AdaptiveCard | unknown;
  name?: string;
  thumbnailUrl?: string;
}

export interface Entity {
  type: string;
  [key: string]: unknown;
}

export type ActivityType =
  | 'message'
  | 'event'
  | 'typing'
  | 'endOfConversation'
  | 'conversationUpdate'
  | 'contactRelationUpdate'
  | 'installationUpdate'
  | 'invoke'
  | 'messageReaction'
  | 'trace'
  | 'handoff'
  | string;

export interface Activity {
  type: ActivityType;
  /** Assigned by the service, e.g. `<conversationId>|0000042`. Absent on an activity not yet posted. */
  id?: string;
  timestamp?: string;
  localTimestamp?: string;
  localTimezone?: string;
  serviceUrl?: string;
  channelId?: string;
  from?: ChannelAccount;
  conversation?: ConversationAccount;
  recipient?: ChannelAccount;
  text?: string;
  textFormat?: 'plain' | 'markdown' | 'xml' | string;
  speak?: string;
  inputHint?: 'acceptingInput' | 'ignoringInput' | 'expectingInput' | string;
  summary?: string;
  locale?: string;
  attachments?: Attachment[];
  attachmentLayout?: 'list' | 'carousel' | string;
  suggestedActions?: SuggestedActions;
  entities?: Entity[];
  /** Passed through untouched in both directions. */
  channelData?: unknown;
  replyToId?: string;
  value?: unknown;
  /** Name of an event or invoke activity. */
  name?: string;
  /** Code of an endOfConversation activity. */
  code?: string;
  action?: string;
  membersAdded?: ChannelAccount[];
  membersRemoved?: ChannelAccount[];
  [extension: string]: unknown;
}

export interface ActivitySet {
  activities: Activity[];
  /** Opaque: store as received, send back unchanged. May be absent (typing-only sets). */
  watermark?: string;
}

/** Answer of generate / refresh token, start conversation and get conversation. */
export interface Conversation {
  conversationId: string;
  token?: string;
  expires_in?: number;
  streamUrl?: string;
  referenceGrammarId?: string;
  eTag?: string;
}

export interface ResourceResponse {
  id: string;
}

export interface ErrorBody {
  error: { code: string; message?: string };
}

export interface TokenParameters {
  user?: ChannelAccount;
  trustedOrigins?: string[];
  eTag?: string;
}
