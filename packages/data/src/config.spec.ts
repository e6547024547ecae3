import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './config';

const base = { DATABASE_URL: 'postgres://vigil@127.0.0.1:5432/vigil', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('VIGIL_WORKERS_PROCESSES', () => {
  it('defaults to one workers process per core this process may use', () => {
    expect(loadConfig(base).workersProcesses).toBe(availableParallelism());
    expect(loadConfig({ ...base, VIGIL_WORKERS_PROCESSES: 'auto' }).workersProcesses).toBe(
      availableParallelism(),
    );
  });

  it('takes a number of processes', () => {
    expect(loadConfig({ ...base, VIGIL_WORKERS_PROCESSES: '3' }).workersProcesses).toBe(3);
  });

  it.each(['0', '65', '2.5', 'many'])('refuses %s, naming the setting', (value) => {
    expect(() => loadConfig({ ...base, VIGIL_WORKERS_PROCESSES: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, VIGIL_WORKERS_PROCESSES: value })).toThrow(/VIGIL_WORKERS_PROCESSES/);
  });
});
