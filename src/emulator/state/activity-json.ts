import type { Activity } from '../../protocol/activity';

/**
 * Activities as JSON text for GET `…/activities` and the stream, one at a time: an activity that
 * cannot be serialised (none can get in through the routes; see `activity-bounds.ts`) is sent as
 * a stub with its id, type, timestamp, channel, conversation and sender, so that one stored
 * activity can never fail a GET or a replay.
 */
export function activityJson(activity: Activity): string {
  try {
    const text = JSON.stringify(activity);
    if (typeof text === 'string') return text;
  } catch {
    /* below */
  }
  return JSON.stringify(stubOf(activity));
}

/** An activity set (`{activities, watermark}`) as JSON text; without a watermark when none is given. */
export function activitySetJson(activities: readonly Activity[], watermark?: string): string {
  const list = activities.map(activityJson).join(',');
  return watermark === undefined ? `{"activities":[${list}]}` : `{"activities":[${list}],"watermark":${JSON.stringify(watermark)}}`;
}

function stubOf(activity: Activity): Partial<Activity> {
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const from = activity.from && typeof activity.from === 'object' ? activity.from : undefined;
  return {
    type: text(activity.type) ?? 'message',
    id: text(activity.id),
    timestamp: text(activity.timestamp),
    channelId: text(activity.channelId),
    conversation:
      activity.conversation && typeof activity.conversation === 'object' ? { id: String(text(activity.conversation.id) ?? '') } : undefined,
    from: from ? { id: text(from.id) ?? '', name: text(from.name), role: text(from.role) } : undefined,
  } as Partial<Activity>;
}
