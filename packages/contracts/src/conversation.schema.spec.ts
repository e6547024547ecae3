import { validateConversation, type ConversationInput } from './conversation.schema';

const valid = (): ConversationInput => ({
  externalId: 'zd-1',
  source: 'zendesk',
  channel: 'chat',
  startedAt: '2026-11-23T10:00:00Z',
  endedAt: '2026-11-23T10:12:40Z',
  messages: [{ role: 'customer', text: 'I was charged twice 😡' }],
});

const errorsOf = (input: unknown) => {
  const result = validateConversation(input);
  return result.ok ? [] : result.errors;
};

describe('validateConversation: what Postgres could not store is a 400 naming the field', () => {
  it('accepts a valid conversation, emoji (surrogate pairs) included', () => {
    expect(validateConversation(valid()).ok).toBe(true);
  });

  it.each([
    ['a NUL in a message', { messages: [{ role: 'customer', text: 'a\u0000b' }] }, 'messages.0.text'],
    ['a lone high surrogate', { messages: [{ role: 'customer', text: 'x\uD83D' }] }, 'messages.0.text'],
    ['a lone low surrogate', { externalId: '\uDE00zd' }, 'externalId'],
    ['a NUL in free-form metadata', { metadata: { crm: { note: 'x\u0000' } } }, 'metadata.crm.note'],
    ['a NUL in a metadata key', { metadata: { 'bad\u0000key': 1 } }, 'metadata'],
  ])('refuses %s', (_what, change, field) => {
    const errors = errorsOf({ ...valid(), ...change });
    expect(errors.map((e) => e.field)).toContain(field);
    expect(errors.find((e) => e.field === field)!.message).toMatch(/NUL characters or unpaired surrogates/);
  });

  it.each([
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['before 1900', '1899-12-31T23:59:59Z'],
  ])('refuses a valid ISO time in %s', (_what, time) => {
    const errors = errorsOf({ ...valid(), startedAt: time });
    expect(errors).toContainEqual({ field: 'startedAt', message: 'must be in the years 1900 to 9999' });
  });

  it('accepts the last second of year 9999', () => {
    expect(validateConversation({ ...valid(), endedAt: '9999-12-31T23:59:59Z' }).ok).toBe(true);
  });

  it('refuses metadata nested without end, naming where', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 100; i++) deep = { d: deep };
    const errors = errorsOf({ ...valid(), metadata: { deep } });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe('must not nest deeper than 32 levels');
    expect(errors[0]!.field).toMatch(/^metadata\.deep\.d\.d/);
  });

  it('names each wrong field once', () => {
    const errors = errorsOf({ ...valid(), channel: 'fax', externalId: 'a\u0000' });
    expect(errors.map((e) => e.field).sort()).toEqual(['channel', 'externalId']);
  });
});
