/** Latency percentiles, ms. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** What a load run measured. */
export interface LoadReport {
  conversations: number;
  messagesPerConversation: number;
  /** Conversations that never came Online before the deadline (their messages were not sent). */
  failedConversations: number;
  /** Posts the service accepted. */
  posted: number;
  /** Posts that failed (a DirectLineError); no answer is expected for them. */
  postFailures: number;
  /** Deliveries expected: the echo of each accepted post, and the bot's answer to it. */
  expected: number;
  /** Distinct deliveries received. */
  received: number;
  /** Expected deliveries that never arrived before the deadline. */
  lost: number;
  /** Deliveries received more than once (the same activity id twice, or the same message twice). */
  duplicated: number;
  /** Deliveries that came after a later message of the same conversation. */
  outOfOrder: number;
  /** From the start of a post to the arrival of the bot's answer. */
  latency: LatencySummary;
  /** Time to bring every conversation Online, ms. */
  connectMs: number;
  /** Time of the message exchange, ms. */
  exchangeMs: number;
}

/** The nearest-rank percentile `p` (0–100) of values sorted in ascending order; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** p50, p90, p99 and max of a set of latencies. */
export function summarize(latencies: readonly number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : 0,
  };
}

/** Whether the run kept the library's promise: nothing lost, nothing repeated, everything in order. */
export function isClean(report: LoadReport): boolean {
  return (
    report.lost === 0 && report.duplicated === 0 && report.outOfOrder === 0 && report.failedConversations === 0 && report.postFailures === 0
  );
}

/** The report as lines of text. */
export function formatReport(r: LoadReport): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const rate = r.exchangeMs > 0 ? (r.posted / (r.exchangeMs / 1000)).toFixed(0) : '-';
  return [
    `conversations   ${r.conversations} (${r.failedConversations} never online), ${r.messagesPerConversation} messages each`,
    `connect         ${ms(r.connectMs)} for all conversations to be Online`,
    `exchange        ${ms(r.exchangeMs)}, ${r.posted} posts (${rate}/s), ${r.postFailures} failed`,
    `deliveries      ${r.received} of ${r.expected} expected (echo + answer per post)`,
    `lost            ${r.lost}`,
    `duplicated      ${r.duplicated}`,
    `out of order    ${r.outOfOrder}`,
    `answer latency  p50 ${ms(r.latency.p50)}  p90 ${ms(r.latency.p90)}  p99 ${ms(r.latency.p99)}  max ${ms(r.latency.max)}  (${r.latency.count} answers)`,
  ].join('\n');
}
