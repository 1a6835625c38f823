import { randomBytes } from 'node:crypto';
import type { Activity, ActivitySet } from '../../protocol/activity';

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
  /** Kept at least until then (ms since the epoch): the end of the last token or stream URL issued, or of its last call. */
  keepUntil: number;
  /** Open sockets and bot calls that keep it whatever the time. */
  holds: number;
  /** Uploaded files, freed with it. */
  fileIds: string[];
  /** Bytes of its uploaded files. */
  uploadBytes: number;
}

/** How many bytes of uploaded files are kept: per conversation, and in all. */
export interface UploadCaps {
  conversationBytes: number;
  totalBytes: number;
}

/** Conversations past their time are looked for at most this often (on the next start). */
const SWEEP_GAP_MS = 1000;

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
  private lastSweep = 0;
  /** Bytes of every uploaded file kept. */
  uploadBytes = 0;

  /**
   * @param idleMs how long a conversation is kept after its last use (the token lifetime).
   * @param uploadCaps how many bytes of uploaded files are kept.
   */
  constructor(
    private readonly idleMs: () => number,
    readonly uploadCaps: UploadCaps = { conversationBytes: Infinity, totalBytes: Infinity },
  ) {}

  create(user?: string): ConversationState {
    const now = Date.now();
    if (now - this.lastSweep >= SWEEP_GAP_MS) this.sweep(now);
    let id: string;
    do {
      id = randomBytes(16).toString('base64url').replace(/[-_]/g, 'x').slice(0, 22) + '-emu';
    } while (this.conversations.has(id));
    const state: ConversationState = {
      id,
      started: false,
      user,
      seq: 0,
      entries: [],
      revokedUpTo: 0,
      keepUntil: now,
      holds: 0,
      fileIds: [],
      uploadBytes: 0,
    };
    this.conversations.set(id, state);
    return state;
  }

  /** Keeps the conversation for at least `ms` from now (a token or stream URL issued, a call made). */
  retain(conversation: ConversationState, ms: number): void {
    conversation.keepUntil = Math.max(conversation.keepUntil, Date.now() + ms);
  }

  /** Keeps the conversation for `idleMs` from now: it was just used. */
  touch(conversation: ConversationState): void {
    this.retain(conversation, this.idleMs());
  }

  /** Keeps the conversation until the returned release is called (an open socket, a bot call), then touches it. */
  hold(conversation: ConversationState): () => void {
    conversation.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      conversation.holds--;
      this.touch(conversation);
    };
  }

  /**
   * Frees the conversations nothing can reach any more: every token and stream URL issued for
   * them has expired, no call came within a token lifetime, and no socket or bot call holds them.
   * Returns how many were freed.
   */
  sweep(now = Date.now()): number {
    this.lastSweep = now;
    let freed = 0;
    for (const conversation of this.conversations.values()) {
      if (conversation.holds === 0 && conversation.keepUntil <= now && this.remove(conversation.id)) freed++;
    }
    return freed;
  }

  get(id: string): ConversationState | undefined {
    return this.conversations.get(id);
  }

  remove(id: string): boolean {
    const conversation = this.conversations.get(id);
    if (!conversation) return false;
    for (const fileId of conversation.fileIds) this.files.delete(fileId);
    this.uploadBytes -= conversation.uploadBytes;
    conversation.uploadBytes = 0;
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
    return { activities: entries.slice(indexAfter(entries, seq)).map((e) => e.activity), watermark: this.currentWatermark(conversation) };
  }

  /** Stored activities after a watermark, in sets of at most `size`, each with the watermark of its last activity. */
  setsAfter(conversation: ConversationState, seq: number, size: number): ActivitySet[] {
    const entries = conversation.entries;
    const sets: ActivitySet[] = [];
    for (let i = indexAfter(entries, seq); i < entries.length; i += size) {
      const chunk = entries.slice(i, i + size);
      sets.push({ activities: chunk.map((e) => e.activity), watermark: encodeWatermark(chunk[chunk.length - 1].seq) });
    }
    return sets;
  }

  /** The watermark that stands for "everything so far". */
  currentWatermark(conversation: ConversationState): string {
    const entries = conversation.entries;
    return encodeWatermark(entries.length ? entries[entries.length - 1].seq : 0);
  }

  activities(conversation: ConversationState): Activity[] {
    return conversation.entries.map((e) => e.activity);
  }

  /** How many more bytes of files the conversation may keep: what is left of its cap and of the total. */
  uploadRoom(conversation: ConversationState): number {
    return Math.max(
      0,
      Math.min(this.uploadCaps.conversationBytes - conversation.uploadBytes, this.uploadCaps.totalBytes - this.uploadBytes),
    );
  }

  /** Stores files (all or none): undefined when they do not fit in the room left (`uploadRoom`). */
  addFiles(conversation: ConversationState, files: readonly Omit<StoredFile, 'conversationId'>[]): string[] | undefined {
    const bytes = files.reduce((sum, file) => sum + file.data.length, 0);
    if (bytes > this.uploadRoom(conversation)) return undefined;
    conversation.uploadBytes += bytes;
    this.uploadBytes += bytes;
    return files.map((file) => {
      const id = randomBytes(12).toString('base64url');
      this.files.set(id, { ...file, conversationId: conversation.id });
      conversation.fileIds.push(id);
      return id;
    });
  }

  getFile(id: string): StoredFile | undefined {
    return this.files.get(id);
  }
}

/** Index of the first entry with a sequence above `seq` (entries are in sequence order). */
function indexAfter(entries: readonly Entry[], seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
