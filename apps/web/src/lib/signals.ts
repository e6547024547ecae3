import type { ConversationSignal, OutlierSignalDetail } from '@vigil/contracts';
import { channelLabel } from './channels';

/**
 * Signals on a conversation in the product's words: cross-account fraud signals, and outliers
 * against the conversation's team and channel ("Handle time 48 min — about 6× the usual 8 min for
 * billing chat"). Plain text: the values come from conversations and are shown as text, never markup.
 */

export const isOutlier = (signal: ConversationSignal): boolean => signal.kind.startsWith('outlier_');

/** "48 min", "2 h 05 min", "40 s": rounded, as a person says a duration. */
export function roughDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "billing chat", "SMS" (no team): whose usual it is. */
function whose(d: OutlierSignalDetail): string {
  const label = channelLabel(d.channel);
  const channel = label === label.toUpperCase() ? label : label.toLowerCase();
  return d.team ? `${d.team} ${channel}` : channel;
}

/** "about 6×", "about 2.5×": how many times the usual. */
function times(value: number, expected: number): string {
  const ratio = value / expected;
  return `about ${ratio >= 3 ? Math.round(ratio) : Math.round(ratio * 10) / 10}×`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** An outlier as one sentence. */
export function outlierText(d: OutlierSignalDetail): string {
  const usual = (shown: string) =>
    d.direction === 'below'
      ? `well under the usual ${shown} for ${whose(d)}`
      : `${times(d.value, d.expected)} the usual ${shown} for ${whose(d)}`;
  switch (d.metric) {
    case 'handle_time':
      return `Handle time ${roughDuration(d.value)} — ${usual(roughDuration(d.expected))}`;
    case 'silence':
      return `Longest silence ${roughDuration(d.value)} — ${usual(roughDuration(d.expected))}`;
    case 'transfers': {
      const transferred = `Transferred ${plural(d.value, 'time', 'times')}`;
      // Where transfers are rare the usual rounds to none, and "N× none" says nothing.
      return d.expected < 0.5
        ? `${transferred} — usually none for ${whose(d)}`
        : `${transferred} — ${usual(String(Math.round(d.expected)))}`;
    }
    case 'messages':
      return `${plural(d.value, 'message', 'messages')} — ${usual(String(Math.round(d.expected)))}`;
    default:
      return `${String(d.metric)} ${d.value}`;
  }
}

/** How far out, for the curious: "6.7 standard deviations above, from 64 earlier billing chat conversations". */
export function outlierBasis(d: OutlierSignalDetail): string {
  const side = d.direction === 'below' ? 'below' : 'above';
  return `${Math.abs(d.z).toFixed(1)} standard deviations ${side} the norm (log scale), learnt from ${d.conversations.toLocaleString('en')} earlier ${whose(d)} conversations`;
}

/** "203.0.113.7 used by 4 accounts in its last 50 conversations" (signals stored before `uses` omit the tail). */
function sharedContactText(d: Record<string, unknown>): string {
  const within = typeof d.uses === 'number' ? ` in its last ${d.uses} conversations` : '';
  return `${String(d.value)} used by ${String(d.accounts)} accounts${within}`;
}

/** Any signal as one line of text. */
export function signalText(signal: ConversationSignal): string {
  const d = signal.detail;
  switch (signal.kind) {
    case 'shared_phone':
      return `phone ${sharedContactText(d)}`;
    case 'shared_device':
      return `device ${sharedContactText(d)}`;
    case 'shared_ip':
      return `IP ${sharedContactText(d)}`;
    case 'channel_hopping':
      return `account on ${(d.channels as string[]).join(', ')} within ${String(d.withinMinutes)} min`;
    default:
      return isOutlier(signal) ? outlierText(d as unknown as OutlierSignalDetail) : signal.kind;
  }
}
