import type { OutlierNormRepository, StoredConversation } from '@vigil/data';
import { judgeBatch, normPairs } from '@vigil/engine';

/**
 * After a batch is scored: judges each conversation's handle time, longest silence, transfers and
 * message count against its team and channel's norms as they stood before the batch, records the
 * outliers as signals on the conversations, and merges the batch into the norms. Three statements per
 * batch whatever its size: read the norms, and (in one transaction) merge them and store the signals.
 */
export class OutliersService {
  constructor(private readonly repository: OutlierNormRepository) {}

  async record(conversations: readonly StoredConversation[]): Promise<{ signals: number }> {
    const stored = await this.repository.norms(normPairs(conversations));
    const { signals, norms } = judgeBatch(conversations, stored);
    await this.repository.record(norms, signals);
    return { signals: signals.length };
  }
}
