import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Dimension, Granularity } from '@vigil/contracts';

/** Time-bucketed counters per dimension value; the dashboard's charts read only these. */
@Entity('rollup')
export class RollupEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  granularity: Granularity;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  dimension: Dimension;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  value: string;

  @PrimaryColumn({ type: 'timestamptz' })
  bucket: Date;

  @Column({ type: 'int', default: 0 })
  conversations: number;

  @Column({ name: 'sentiment_count', type: 'int', default: 0 })
  sentimentCount: number;

  @Column({ name: 'sentiment_sum', type: 'double precision', default: 0 })
  sentimentSum: number;

  @Column({ type: 'int', default: 0 })
  negative: number;

  @Column({ type: 'int', default: 0 })
  messages: number;

  @Column({ name: 'qa_count', type: 'int', default: 0 })
  qaCount: number;

  @Column({ name: 'qa_sum', type: 'double precision', default: 0 })
  qaSum: number;

  @Column({ type: 'int', default: 0 })
  escalations: number;

  @Column({ type: 'int', default: 0 })
  churn: number;

  @Column({ type: 'int', default: 0 })
  frustration: number;

  @Column({ type: 'int', default: 0 })
  anger: number;

  @Column({ type: 'int', default: 0 })
  urgency: number;

  @Column({ type: 'int', default: 0 })
  confusion: number;

  @Column({ type: 'int', default: 0 })
  gratitude: number;

  @Column({ type: 'int', default: 0 })
  disappointment: number;

  /**
   * QA outcomes counted in this bucket, as {"greeting:met": 3, "greeting:not_met": 1} (kept for the
   * all, team and agent series; empty for the others).
   */
  @Column({ name: 'qa_criteria', type: 'jsonb', default: () => "'{}'" })
  qaCriteria: Record<string, number>;
}
