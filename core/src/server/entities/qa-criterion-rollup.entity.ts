import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Granularity, QaCriterionDimension } from '../../index';

/** Per QA criterion and bucket: in how many conversations it was met and not met (not applicable is not counted). */
@Entity('qa_criterion_rollup')
export class QaCriterionRollupEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  granularity: Granularity;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  dimension: QaCriterionDimension;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  value: string;

  @PrimaryColumn({ type: 'timestamptz' })
  bucket: Date;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  criterion: string;

  @Column({ type: 'int', default: 0 })
  met: number;

  @Column({ name: 'not_met', type: 'int', default: 0 })
  notMet: number;
}
