import type { AlertRepository } from '@vigil/data';
import type { Mailer } from '../delivery/mailer';
import { DeliveryError, sendToChannel } from './alert-channels';

/** One attempt of one delivery, as BullMQ runs it: which attempt, and whether it is the last. */
export interface DeliveryAttempt {
  deliveryId: string;
  /** No retry follows if this one fails. */
  last: boolean;
}

/**
 * Sends one delivery and logs the attempt: sent, or the error (and the receiver's status) — still
 * pending while retries remain, failed after the last. A failed attempt rethrows so that BullMQ
 * retries it with backoff.
 */
export class AlertDeliveryService {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly mailer: Mailer | null,
  ) {}

  async deliver({ deliveryId, last }: DeliveryAttempt): Promise<void> {
    const delivery = await this.alerts.pending(deliveryId);
    // Gone (the log trimmed) or done already (a job run twice): nothing to send.
    if (!delivery || delivery.status !== 'pending') return;
    if (!delivery.channel) {
      await this.alerts.recordAttempt(deliveryId, {
        ok: false,
        error: 'the rule or this channel of it was deleted',
        responseCode: null,
        final: true,
      });
      return;
    }
    try {
      const responseCode = await sendToChannel(delivery.channel, delivery.payload, this.mailer);
      await this.alerts.recordAttempt(deliveryId, { ok: true, responseCode });
    } catch (error) {
      const responseCode = error instanceof DeliveryError ? error.responseCode : null;
      await this.alerts.recordAttempt(deliveryId, {
        ok: false,
        error: (error as Error).message,
        responseCode,
        final: last,
      });
      throw error;
    }
  }
}
