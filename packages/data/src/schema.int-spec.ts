import { createDataSource } from './data-source';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('leave the schema exactly as the entities describe it', async () => {
    const dataSource = createDataSource({ url: db.url, poolSize: 1 });
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
