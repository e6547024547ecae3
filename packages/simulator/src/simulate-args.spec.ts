import { parseSimulateArgs, SimulateArgsError } from './simulate-args';

describe('parseSimulateArgs', () => {
  const env = { VIGIL_INIT_INGEST_KEY: 'vk_env' };

  it('applies the defaults', () => {
    const parsed = parseSimulateArgs([], env);
    expect(parsed.help).toBe(false);
    if (parsed.help) return;
    expect(parsed.options).toMatchObject({
      url: 'http://127.0.0.1:3000',
      key: 'vk_env',
      rate: 5,
      incidents: true,
    });
    expect(parsed.options.durationSeconds).toBeUndefined();
    expect(parsed.options.bulk).toBeUndefined();
    expect(parsed.options.historyMinutes).toBeUndefined();
    expect(parsed.options.seed).toMatch(/^\d+$/);
  });

  it('reads every option', () => {
    const parsed = parseSimulateArgs(
      [
        '--url',
        'http://localhost:4000/',
        '--key=vk_arg',
        '--rate',
        '2.5',
        '--duration',
        '60',
        '--bulk',
        '100',
        '--seed',
        'demo',
        '--incidents',
        'off',
        '--history',
        '120',
      ],
      env,
    );
    if (parsed.help) throw new Error('unexpected help');
    expect(parsed.options).toEqual({
      url: 'http://localhost:4000',
      key: 'vk_arg',
      rate: 2.5,
      durationSeconds: 60,
      bulk: 100,
      seed: 'demo',
      incidents: false,
      historyMinutes: 120,
    });
  });

  it('returns help', () => {
    expect(parseSimulateArgs(['--help'])).toEqual({ help: true });
    expect(parseSimulateArgs(['-h'])).toEqual({ help: true });
  });

  it.each([
    [['--rate', '0'], /--rate must be a positive number/],
    [['--rate', 'fast'], /--rate must be a positive number, got "fast"/],
    [['--bulk', '2.5'], /--bulk must be a positive whole number/],
    [['--bulk', '100000'], /--bulk must be at most/],
    [['--duration=-1'], /--duration must be a positive number/],
    [['--incidents', 'maybe'], /--incidents must be "on" or "off"/],
    [['--history', '0'], /--history must be a positive number/],
    [['--history', '20000'], /--history must be at most 10080/],
    [['--url', 'nope'], /--url must be an absolute http\(s\) URL/],
    [['--url', 'ftp://x'], /--url must be an http or https URL/],
    [['--frobnicate'], /Unknown option '--frobnicate'.*--help/],
    [['extra'], /positional/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseSimulateArgs(argv, env)).toThrow(SimulateArgsError);
    expect(() => parseSimulateArgs(argv, env)).toThrow(message);
  });

  it('takes the key npm start saved when neither --key nor the environment gives one', () => {
    const parsed = parseSimulateArgs([], {}, 'vk_saved');
    expect(!parsed.help && parsed.options.key).toBe('vk_saved');
    const fromEnv = parseSimulateArgs([], env, 'vk_saved');
    expect(!fromEnv.help && fromEnv.options.key).toBe('vk_env');
  });

  it('asks for a key when there is none', () => {
    expect(() => parseSimulateArgs([], {})).toThrow(
      /no ingest key: pass --key <key> or set VIGIL_INIT_INGEST_KEY/,
    );
  });
});
