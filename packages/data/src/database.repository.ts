import type { DataSource } from 'typeorm';

/** The database itself, for health checks. */
export class DatabaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether Postgres answers a trivial query. */
  async ping(): Promise<boolean> {
    await this.dataSource.query('SELECT 1');
    return true;
  }
}
