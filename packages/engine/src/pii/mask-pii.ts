import { findPii } from './find-pii';
import type { PiiSpan } from './types';

/**
 * The text with every piece of personal data replaced by its mask ("[CARD •••• 6467]", "[EMAIL]",
 * "[PHONE •••• 67]" …): what Vigil stores and shows. Keeps only what PCI DSS and common practice
 * allow (a card's or IBAN's last four, a phone's last two); masks already in the text stay as they
 * are, so masking twice changes nothing. Text with nothing to mask is returned as it is.
 */
export function maskPii(text: string): string {
  return maskSpans(text, findPii(text));
}

/** The text with the given finds (of findPii over the same text) replaced by their masks. */
export function maskSpans(text: string, spans: readonly PiiSpan[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.masked) continue;
    out += text.slice(at, s.start) + s.mask;
    at = s.end;
  }
  return at === 0 ? text : out + text.slice(at);
}

/**
 * The conversation with every message's text masked: what the API stores. The same object when
 * nothing needed masking, so a caller can tell whether there was an original worth keeping.
 */
export function maskConversation<C extends { messages: ReadonlyArray<{ text: string }> }>(
  conversation: C,
): C {
  let messages: Array<C['messages'][number]> | undefined;
  conversation.messages.forEach((message, i) => {
    const text = maskPii(message.text);
    if (text === message.text) return;
    messages ??= [...conversation.messages];
    messages[i] = { ...message, text };
  });
  return messages ? { ...conversation, messages } : conversation;
}
