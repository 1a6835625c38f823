/** Direct Line 3.0 data shapes, as they travel on the wire. */

/** A participant of the conversation: a user or a bot. */
export interface ChannelAccount {
  /** The participant's id on the channel. */
  id: string;
  /** The display name. */
  name?: string;
  /** `user` or `bot` (the service fills it on the activities it delivers). */
  role?: 'user' | 'bot' | 'channel' | string;
  /** The Microsoft Entra ID object id, when the user signed in with one. */
  aadObjectId?: string;
}

/** The conversation an activity belongs to. */
export interface ConversationAccount {
  /** The conversation id. */
  id: string;
  /** The conversation's display name. */
  name?: string;
  /** Whether more than two participants take part. */
  isGroup?: boolean;
  /** The channel's kind of conversation. */
  conversationType?: string;
  /** The tenant the conversation belongs to. */
  tenantId?: string;
}

/** An image on a card. */
export interface CardImage {
  /** The image's URL. */
  url: string;
  /** Text in place of the image. */
  alt?: string;
  /** The action when the image is tapped. */
  tap?: CardAction;
}

/** A button or tap action on a card or in suggested actions. */
export interface CardAction {
  /**
   * What the action does: `imBack` posts `value` as a message, `postBack` posts it unseen, `openUrl` opens it, …
   */
  type:
    | 'openUrl'
    | 'imBack'
    | 'postBack'
    | 'playAudio'
    | 'playVideo'
    | 'showImage'
    | 'downloadFile'
    | 'signin'
    | 'call'
    | 'messageBack'
    | string;
  /** The button's text. */
  title?: string;
  /** The URL of an image on the button. */
  image?: string;
  /** Text in place of the image. */
  imageAltText?: string;
  /** Text sent to the bot with the action. */
  text?: string;
  /** Text shown in the transcript when the action is taken. */
  displayText?: string;
  /** The action's payload (a URL, a message, an object). */
  value?: unknown;
  /** Channel-specific data, passed through. */
  channelData?: unknown;
}

/** Buttons shown under an activity, gone once one is used. */
export interface SuggestedActions {
  /** Ids of the recipients who see them (all when absent). */
  to?: string[];
  /** The buttons. */
  actions: CardAction[];
}

/** One media source of a media card. */
export interface MediaUrl {
  /** The media's URL. */
  url: string;
  /** A hint to tell sources apart (e.g. a quality). */
  profile?: string;
}

/** A thumbnail image. */
export interface ThumbnailUrl {
  /** The image's URL. */
  url: string;
  /** Text in place of the image. */
  alt?: string;
}

/** Content of the hero and thumbnail cards (`application/vnd.microsoft.card.hero` / `.thumbnail`). */
export interface HeroCard {
  /** The title. */
  title?: string;
  /** The subtitle. */
  subtitle?: string;
  /** The text under the title. */
  text?: string;
  /** The images (usually one, large). */
  images?: CardImage[];
  /** The buttons. */
  buttons?: CardAction[];
  /** The action when the card is tapped. */
  tap?: CardAction;
}

/** Content of the media cards (`application/vnd.microsoft.card.audio` / `.video` / `.animation`). */
export interface MediaCard {
  /** The title. */
  title?: string;
  /** The subtitle. */
  subtitle?: string;
  /** The text. */
  text?: string;
  /** The image shown before the media plays. */
  image?: ThumbnailUrl;
  /** The media sources, the first one that plays is used. */
  media?: MediaUrl[];
  /** The buttons. */
  buttons?: CardAction[];
  /** Whether the media may be shared. */
  shareable?: boolean;
  /** Whether the media plays again when it ends. */
  autoloop?: boolean;
  /** Whether the media starts playing at once. */
  autostart?: boolean;
  /** The aspect ratio, `16:9` or `4:3`. */
  aspect?: string;
  /** The length, as an ISO 8601 duration. */
  duration?: string;
  /** Extra data for the card. */
  value?: unknown;
}

/** Content of a sign-in card (`application/vnd.microsoft.card.signin`). */
export interface SigninCard {
  /** The text above the buttons. */
  text?: string;
  /** The sign-in buttons. */
  buttons?: CardAction[];
}

/** Content of an OAuth card (`application/vnd.microsoft.card.oauth`). */
export interface OAuthCard extends SigninCard {
  /** The bot's OAuth connection name. */
  connectionName?: string;
  /** What single sign-on exchanges the token with. */
  tokenExchangeResource?: {
    /** The resource's id. */
    id?: string;
    /** The resource's URI. */
    uri?: string;
    /** The identity provider. */
    providerId?: string;
  };
}

/** One line of a receipt card. */
export interface ReceiptItem {
  /** The item's name. */
  title?: string;
  /** The subtitle. */
  subtitle?: string;
  /** The text. */
  text?: string;
  /** The item's image. */
  image?: CardImage;
  /** The price, as shown. */
  price?: string;
  /** The quantity, as shown. */
  quantity?: string;
  /** The action when the item is tapped. */
  tap?: CardAction;
}

/** A key and a value shown on a card. */
export interface Fact {
  /** The label. */
  key?: string;
  /** The value. */
  value?: string;
}

/** Content of a receipt card (`application/vnd.microsoft.card.receipt`). */
export interface ReceiptCard {
  /** The title. */
  title?: string;
  /** Facts shown under the title (an order number, a payment method…). */
  facts?: Fact[];
  /** The items bought. */
  items?: ReceiptItem[];
  /** The action when the card is tapped. */
  tap?: CardAction;
  /** The total, as shown. */
  total?: string;
  /** The tax, as shown. */
  tax?: string;
  /** The VAT, as shown. */
  vat?: string;
  /** The buttons. */
  buttons?: CardAction[];
}

/** Adaptive Card JSON is passed through untouched. */
export type AdaptiveCard = {
  /** Always `AdaptiveCard`. */
  type: 'AdaptiveCard';
  /** The schema version, e.g. `1.5`. */
  version?: string;
  /** The card's elements. */
  body?: unknown[];
  /** The card's actions. */
  actions?: unknown[];
} & Record<string, unknown>;

/** A file or a card attached to an activity. */
export interface Attachment {
  /** A MIME type, or a card's type such as `application/vnd.microsoft.card.hero`. */
  contentType: string;
  /** Where the file is (the service hosts uploaded files). */
  contentUrl?: string;
  /** A card's content (for card types). */
  content?: HeroCard | MediaCard | SigninCard | OAuthCard | ReceiptCard | AdaptiveCard | unknown;
  /** The file's name. */
  name?: string;
  /** A thumbnail of the file. */
  thumbnailUrl?: string;
}

/** Extra data about an activity (a mention, the client's place and locale…), by `type`. */
export interface Entity {
  /** The kind of entity, e.g. `mention` or `ClientCapabilities`. */
  type: string;
  [key: string]: unknown;
}

/** The kinds of activity; any other string passes through. */
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

/** A Direct Line 3.0 activity: a message, a typing indicator, an event… as it travels on the wire. */
export interface Activity {
  /** The kind of activity. */
  type: ActivityType;
  /** Assigned by the service, e.g. `<conversationId>|0000042`. Absent on an activity not yet posted. */
  id?: string;
  /** When the service received it (ISO 8601, UTC). */
  timestamp?: string;
  /** When it was sent, in the sender's time zone (ISO 8601). */
  localTimestamp?: string;
  /** The sender's time zone (IANA name). */
  localTimezone?: string;
  /** Where a bot sends its replies. */
  serviceUrl?: string;
  /** The channel, `directline` here. */
  channelId?: string;
  /** Who sent it (filled from the connection's user on posts). */
  from?: ChannelAccount;
  /** The conversation it belongs to (filled by the service). */
  conversation?: ConversationAccount;
  /** Who it is for. */
  recipient?: ChannelAccount;
  /** A message's text. */
  text?: string;
  /** How to read `text`: `plain`, `markdown` (the default) or `xml`. */
  textFormat?: 'plain' | 'markdown' | 'xml' | string;
  /** What to say aloud (SSML or text). */
  speak?: string;
  /** Whether the bot is waiting for an answer. */
  inputHint?: 'acceptingInput' | 'ignoringInput' | 'expectingInput' | string;
  /** Text in place of the attachments where they cannot be shown. */
  summary?: string;
  /** The language, e.g. `en-US`. */
  locale?: string;
  /** Files and cards. */
  attachments?: Attachment[];
  /** How to lay out several attachments: `list` or `carousel`. */
  attachmentLayout?: 'list' | 'carousel' | string;
  /** Buttons offered with the activity. */
  suggestedActions?: SuggestedActions;
  /** Extra data about the activity. */
  entities?: Entity[];
  /** Passed through untouched in both directions. */
  channelData?: unknown;
  /** The id of the activity this one answers. */
  replyToId?: string;
  /** How the bot is asked to deliver its answer: `normal` (the default), `stream` (livestream it), `expectReplies`, `notification`, … */
  deliveryMode?: 'normal' | 'stream' | 'expectReplies' | 'notification' | 'ephemeral' | string;
  /** The payload of an event, an invoke or a card's submit. */
  value?: unknown;
  /** Name of an event or invoke activity. */
  name?: string;
  /** Code of an endOfConversation activity. */
  code?: string;
  /** `add` or `remove`, on a contact relation or installation update. */
  action?: string;
  /** Who joined, on a conversation update. */
  membersAdded?: ChannelAccount[];
  /** Who left, on a conversation update. */
  membersRemoved?: ChannelAccount[];
  [extension: string]: unknown;
}

/** A batch of activities, on the socket or from `GET /activities`. */
export interface ActivitySet {
  /** The activities, in the service's order. */
  activities: Activity[];
  /** Opaque: store as received, send back unchanged. May be absent (typing-only sets). */
  watermark?: string;
}

/** Answer of generate / refresh token, start conversation and get conversation. */
export interface Conversation {
  /** The conversation id. */
  conversationId: string;
  /** A token for this conversation. */
  token?: string;
  /** The token's lifetime, in seconds. */
  expires_in?: number;
  /** The WebSocket URL to receive on; usable once, for 60 s. */
  streamUrl?: string;
  /** The reference grammar of speech recognition, for Web Chat. */
  referenceGrammarId?: string;
  /** The conversation's version tag. */
  eTag?: string;
}

/** Answer of a post or an upload. */
export interface ResourceResponse {
  /** The id the service gave the activity. */
  id: string;
}

/** The body of an error answer. */
export interface ErrorBody {
  /** The error. */
  error: {
    /** The service's error code, e.g. `BadArgument`, `TokenExpired`. */
    code: string;
    /** What went wrong, in words. */
    message?: string;
  };
}

/** What `POST /tokens/generate` may be given. */
export interface TokenParameters {
  /** Binds the token to this user id. */
  user?: ChannelAccount;
  /** The origins that may use the token (enhanced authentication). */
  trustedOrigins?: string[];
  /** The version tag of the request. */
  eTag?: string;
}
