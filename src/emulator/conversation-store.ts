import { randomBytes } from 'node:crypto';
import type { Activity } from '../protocol/activity';

/** A stored activity with its position in the conversation. */
interface Entry {
  seq: number;
  activity: Activity;
}

export interface StoredFile {
  conversationId: string;
  contentType: string;
  name: string;
  data: Buffer;
}

export interface ConversationState {
  id: string;
  /** Set by POST /conversations (and by any later use of the conversation). */
  started: boolean;
  user?: string;
  locale?: string;
  /** Last sequence number assigned (activities and typing alike). */
  seq: number;
  entries: Entry[];
  /** REST tokens whose sequence is at or below this answer 403 TokenExpired. */
  revokedUpTo: number;
}

const WATERMARK_PREFIX = 'w';

/** Watermarks are opaque strings: a prefix and the sequence in base 36. */
export function encodeWatermark(seq: number): string {
  return WATERMARK_PREFIX + seq.toString(36);
}

/**
 * Reads a watermark. Empty and `-` mean "from the start" (0); anything not issued by the emulator
 * gives `undefined`.
 */
export function decodeWatermark(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '' || value === '-') return 0;
  const m = /^w([0-9a-z]{1,10})$/.exec(value);
  if (!m) return undefined;
  return parseInt(m[1], 36);
}

export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

export type AppendListener = (conversation: ConversationState, activity: Activity, watermark: string | undefined) => void;

/** Every conversation of the emulator, in memory, and the files uploaded into them. */
export class ConversationStore {
  private readonly conversations = new Map<string, ConversationState>();
  private readonly files = new Map<string, StoredFile>();
  private readonly listeners = new Set<AppendListener>();

  create(user?: string): ConversationState {
    let id: string;
    do {
      id = randomBytes(16).toString('base64url').replace(/[-_]/g, 'x').slice(0, 22) + '-emu';
    } while (this.conversations.has(id));
    const state: ConversationState = { id, started: false, user, seq: 0, entries: [], revokedUpTo: 0 };
    this.conversations.set(id, state);
    return state;
  }

  get(id: string): ConversationState | undefined {
    return this.conversations.get(id);
  }

  remove(id: string): boolean {
    for (const [fileId, file] of this.files) if (file.conversationId === id) this.files.delete(fileId);
    return this.conversations.delete(id);
  }

  get size(): number {
    return this.conversations.size;
  }

  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Assigns id, timestamp, channel and conversation, stores the activity (typing is delivered
   * but never stored) and tells the listeners.
   */
  append(conversation: ConversationState, input: Partial<Activity>): Activity {
    const seq = ++conversation.seq;
    const activity: Activity = {
      ...input,
      type: typeof input.type === 'string' ? input.type : 'message',
      id: activityId(conversation.id, seq),
      timestamp: new Date().toISOString(),
      channelId: 'directline',
      conversation: { id: conversation.id },
    };
    let watermark: string | undefined;
    if (activity.type !== 'typing') {
      conversation.entries.push({ seq, activity });
      watermark = encodeWatermark(seq);
    }
    for (const listener of this.listeners) listener(conversation, activity, watermark);
    return activity;
  }

  /** Stored activities after a watermark, and the watermark to resume from. */
  after(conversation: ConversationState, seq: number): { activities: Activity[]; watermark: string } {
    const entries = conversation.entries;
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid].seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return { activities: entries.slice(lo).map((e) => e.activity), watermark: this.currentWatermark(conversation) };
  }

  /** The watermark that stands for "everything so far". */
  currentWatermark(conversation: ConversationState): string {
    const entries = conversation.entries;
    return encodeWatermark(entries.length ? entries[entries.length - 1].seq : 0);
  }

  activities(conversation: ConversationState): Activity[] {
    return conversation.entries.map((e) => e.activity);
  }

  addFile(file: StoredFile): string {
    const id = randomBytes(12).toString('base64url');
    this.files.set(id, file);
    return id;
  }

  getFile(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  clear(): void {
    this.conversations.clear();
    this.files.clear();
  }
}
