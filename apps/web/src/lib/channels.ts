import type { Channel } from '@vigil/contracts';

/**
 * core's CHANNELS lives in its zod schema module, and importing a value from there pulls zod into the
 * browser bundle (~60 kB). The list is therefore written out here, and the type below stops the type
 * check if core adds a channel this list lacks.
 */
export const CHANNEL_OPTIONS = [
  'chat',
  'email',
  'voice',
  'sms',
  'messaging',
  'social',
] as const satisfies readonly Channel[];

type AssertNever<T extends never> = T;
export type ChannelOptionsAreComplete = AssertNever<Exclude<Channel, (typeof CHANNEL_OPTIONS)[number]>>;

const CHANNEL_LABELS: Record<Channel, string> = {
  chat: 'Chat',
  email: 'Email',
  voice: 'Voice',
  sms: 'SMS',
  messaging: 'Messaging',
  social: 'Social',
};

/** "SMS", "Chat"; an unknown value (from a newer API) is shown as it is. */
export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel as Channel] ?? channel;
}
