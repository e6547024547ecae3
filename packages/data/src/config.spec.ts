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

describe('single sign-on (VIGIL_OIDC_*)', () => {
  const oidc = {
    VIGIL_OIDC_ISSUER: 'https://id.example.com/realms/support',
    VIGIL_OIDC_CLIENT_ID: 'vigil',
    VIGIL_OIDC_REDIRECT_URL: 'https://vigil.example.com/api/v1/auth/oidc/callback',
  };

  it('is off unless an issuer is set', () => {
    expect(loadConfig(base).oidc).toBeNull();
  });

  it('reads the provider, with least-privilege defaults', () => {
    expect(loadConfig({ ...base, ...oidc, VIGIL_OIDC_CLIENT_SECRET: 's3cret' }).oidc).toEqual({
      issuer: oidc.VIGIL_OIDC_ISSUER,
      clientId: 'vigil',
      clientSecret: 's3cret',
      redirectUrl: oidc.VIGIL_OIDC_REDIRECT_URL,
      scopes: 'openid email profile',
      roleClaim: 'vigil_role',
      teamsClaim: 'vigil_teams',
      defaultRole: 'manager',
      name: 'SSO',
    });
  });

  it('takes "none" as no default role', () => {
    expect(loadConfig({ ...base, ...oidc, VIGIL_OIDC_DEFAULT_ROLE: 'none' }).oidc?.defaultRole).toBeNull();
  });

  it.each([
    [{ VIGIL_OIDC_CLIENT_ID: undefined }, /missing: VIGIL_OIDC_CLIENT_ID/],
    [{ VIGIL_OIDC_ISSUER: undefined }, /missing: VIGIL_OIDC_ISSUER/],
    [{ VIGIL_OIDC_ISSUER: 'http://id.example.com' }, /VIGIL_OIDC_ISSUER: must be an https URL/],
    [
      { VIGIL_OIDC_REDIRECT_URL: 'https://vigil.example.com/callback' },
      /VIGIL_OIDC_REDIRECT_URL: must be Vigil's callback/,
    ],
    [
      { VIGIL_OIDC_DEFAULT_ROLE: 'root' },
      /VIGIL_OIDC_DEFAULT_ROLE: must be one of admin, manager, compliance, trainer, none/,
    ],
    [{ VIGIL_OIDC_SCOPES: 'email profile' }, /VIGIL_OIDC_SCOPES: must include "openid"/],
  ])('refuses %p, naming the setting', (change, message) => {
    expect(() => loadConfig({ ...base, ...oidc, ...change })).toThrow(message);
  });

  it('allows plain http only for a provider on this machine', () => {
    const local = {
      VIGIL_OIDC_ISSUER: 'http://localhost:9000',
      VIGIL_OIDC_REDIRECT_URL: 'http://127.0.0.1:3000/api/v1/auth/oidc/callback',
    };
    expect(loadConfig({ ...base, ...oidc, ...local }).oidc?.issuer).toBe('http://localhost:9000');
  });

  it('refuses a client secret without a provider', () => {
    expect(() => loadConfig({ ...base, VIGIL_OIDC_CLIENT_SECRET: 's3cret' })).toThrow(
      /VIGIL_OIDC_ISSUER is not/,
    );
  });
});

describe('keeping the original texts (PII)', () => {
  const base = { DATABASE_URL: 'postgres://localhost/vigil', REDIS_URL: 'redis://localhost:6379' };
  const key = Buffer.alloc(32, 7).toString('base64');

  it('is off by default, with no key', () => {
    expect(loadConfig(base).pii).toEqual({ keepOriginals: false, key: null });
  });

  it('takes a 32-byte base64 key', () => {
    const pii = loadConfig({ ...base, VIGIL_PII_KEEP_ORIGINALS: 'true', VIGIL_PII_KEY: key }).pii;
    expect(pii.keepOriginals).toBe(true);
    expect(pii.key).toEqual(Buffer.alloc(32, 7));
  });

  it('refuses to keep originals without a key, and a key that is not 32 bytes of base64', () => {
    expect(() => loadConfig({ ...base, VIGIL_PII_KEEP_ORIGINALS: 'true' })).toThrow(
      /VIGIL_PII_KEEP_ORIGINALS=true needs VIGIL_PII_KEY/,
    );
    for (const bad of [Buffer.alloc(16).toString('base64'), 'not base64 at all', key.replace('=', '!')])
      expect(() => loadConfig({ ...base, VIGIL_PII_KEEP_ORIGINALS: 'true', VIGIL_PII_KEY: bad })).toThrow(
        /VIGIL_PII_KEY: must be 32 bytes in base64/,
      );
  });
});

describe('coaching reports (VIGIL_REPORT_*)', () => {
  it('defaults to a day of file, background above 20,000 conversations, an hourly check', () => {
    expect(loadConfig(base).reports).toEqual({
      fileHours: 24,
      backgroundThreshold: 20_000,
      scheduleEverySeconds: 3600,
    });
  });

  it('takes settings, and refuses a threshold that is not a whole number, naming it', () => {
    const config = loadConfig({
      ...base,
      VIGIL_REPORT_FILE_HOURS: '2',
      VIGIL_REPORT_BACKGROUND_THRESHOLD: '500',
      VIGIL_REPORT_SCHEDULE_EVERY_SECONDS: '60',
    });
    expect(config.reports).toEqual({ fileHours: 2, backgroundThreshold: 500, scheduleEverySeconds: 60 });
    expect(() => loadConfig({ ...base, VIGIL_REPORT_BACKGROUND_THRESHOLD: 'lots' })).toThrow(
      /VIGIL_REPORT_BACKGROUND_THRESHOLD/,
    );
    expect(() => loadConfig({ ...base, VIGIL_REPORT_FILE_HOURS: '0' })).toThrow(/VIGIL_REPORT_FILE_HOURS/);
  });
});

describe('VIGIL_CAMPAIGN_EVERY_SECONDS', () => {
  it('defaults to a campaigns tick every second, and takes another period', () => {
    expect(loadConfig(base).campaigns.everySeconds).toBe(1);
    expect(loadConfig({ ...base, VIGIL_CAMPAIGN_EVERY_SECONDS: '5' }).campaigns.everySeconds).toBe(5);
  });

  it.each(['0', '3601', '0.5'])('refuses %s, naming the setting', (value) => {
    expect(() => loadConfig({ ...base, VIGIL_CAMPAIGN_EVERY_SECONDS: value })).toThrow(
      /VIGIL_CAMPAIGN_EVERY_SECONDS/,
    );
  });
});
