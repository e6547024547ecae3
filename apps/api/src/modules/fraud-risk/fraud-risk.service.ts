import { Injectable } from '@nestjs/common';
import type { FraudOverview } from '@vigil/contracts';
import { EngineConfigRepository, FraudRiskRepository } from '@vigil/data';

/** How far back the fraud view reads: the queries scan the period's conversations. */
export const MAX_FRAUD_DAYS = 7;
const DAY = 24 * 3600 * 1000;

@Injectable()
export class FraudRiskService {
  constructor(
    private readonly repository: FraudRiskRepository,
    private readonly engineConfig: EngineConfigRepository,
  ) {}

  /** `since` as asked, a day ago by default, never earlier than MAX_FRAUD_DAYS ago. */
  private since(asked?: string): Date {
    const now = Date.now();
    const t = asked ? Date.parse(asked) : now - DAY;
    return new Date(Math.max(t, now - MAX_FRAUD_DAYS * DAY));
  }

  async riskiest(asked: string | undefined, limit: number) {
    const since = this.since(asked);
    const [conversations, config] = await Promise.all([
      this.repository.riskiest(since, limit),
      this.engineConfig.inForce(),
    ]);
    return { since: since.toISOString(), threshold: config.config.fraud.threshold, conversations };
  }

  async overview(asked: string | undefined, limit: number): Promise<FraudOverview> {
    const since = this.since(asked);
    const [trend, riskiest] = await Promise.all([this.repository.trend(since), this.riskiest(asked, limit)]);
    return { ...riskiest, trend };
  }
}
