import type { AlertChannel, AlertPayload } from '@vigil/contracts';
import type { Mailer } from '../delivery/mailer';
import { signAlert } from './alert-signature';

/** A delivery attempt that failed, with the receiver's HTTP status when there was one. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly responseCode: number | null = null,
  ) {
    super(message);
  }
}

/** How long one HTTP attempt may take before it counts as failed (and is retried). */
const HTTP_TIMEOUT_MS = 10_000;

/** The Slack message: the summary as text (notifications) and as blocks with the link. */
export function slackMessage(payload: AlertPayload): { text: string; blocks: unknown[] } {
  // Slack's mrkdwn treats <, > and & as markup: a label from a conversation must not become a link.
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const text = `Vigil alert "${payload.rule.name}": ${payload.summary}`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*${escape(payload.rule.name)}*\n${escape(payload.summary)}` },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `<${payload.link}|Open in Vigil> · ${payload.occurredAt}` }],
      },
    ],
  };
}

export function emailMessage(payload: AlertPayload): { subject: string; text: string } {
  const details = payload.flag ?? payload.anomaly ?? payload.threshold;
  return {
    subject: `[Vigil] ${payload.rule.name}: ${payload.summary}`.slice(0, 250),
    text: [
      payload.summary,
      '',
      `Rule: ${payload.rule.name}`,
      `When: ${payload.occurredAt}`,
      `Open in Vigil: ${payload.link}`,
      ...(details ? ['', JSON.stringify(details, null, 2)] : []),
    ].join('\n'),
  };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Vigil-Alerts/1', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: Error }).cause;
    throw new DeliveryError(`request failed: ${cause?.message ?? (error as Error).message}`);
  }
  await response.body?.cancel();
  if (response.status < 200 || response.status >= 300)
    throw new DeliveryError(`receiver answered ${response.status}`, response.status);
  return response.status;
}

/**
 * Send one payload to one channel; resolves with the HTTP status (null for e-mail), rejects with a
 * DeliveryError. `now` is the signing time (tests fix it).
 */
export async function sendToChannel(
  channel: AlertChannel,
  payload: AlertPayload,
  mailer: Mailer | null,
  now = Date.now(),
): Promise<number | null> {
  switch (channel.kind) {
    case 'webhook': {
      const body = JSON.stringify(payload);
      const timestamp = Math.floor(now / 1000);
      return post(channel.url, body, {
        'Vigil-Timestamp': String(timestamp),
        'Vigil-Signature': signAlert(channel.secret, timestamp, body),
      });
    }
    case 'slack':
      return post(channel.url, JSON.stringify(slackMessage(payload)), {});
    case 'email': {
      if (!mailer) throw new DeliveryError('e-mail is not configured (VIGIL_SMTP_URL)');
      try {
        await mailer.send({ to: channel.to, ...emailMessage(payload) });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode ?? null;
        throw new DeliveryError(`SMTP: ${(error as Error).message}`, code);
      }
      return null;
    }
  }
}
