import { FEED_ROOM, feedRooms, overviewRoom, parseOverviewSubscription } from './overview-subscription.js';

describe('live overview subscriptions', () => {
  it('accepts a window with one optional filter and names its room after the view', () => {
    const parsed = parseOverviewSubscription({ windowMinutes: 60, team: 'billing' });
    expect(parsed).toEqual({ ok: true, view: { windowMinutes: 60, team: 'billing' } });
    expect(overviewRoom({ windowMinutes: 60, team: 'billing' })).toBe('overview:60:billing:');
    expect(overviewRoom({ windowMinutes: 240, channel: 'chat' })).toBe('overview:240::chat');
  });

  it('says what is wrong with a bad view', () => {
    expect(parseOverviewSubscription({ windowMinutes: 2 })).toEqual({
      ok: false,
      message: expect.stringContaining('windowMinutes'),
    });
    expect(parseOverviewSubscription({ windowMinutes: 60, extra: 1 })).toMatchObject({ ok: false });
  });

  it('gives a user limited to teams a room of their own unless they name one team', () => {
    expect(overviewRoom({ windowMinutes: 60 }, ['sales', 'billing'])).toBe(
      'overview:60:::teams=["billing","sales"]',
    );
    expect(overviewRoom({ windowMinutes: 60 }, ['billing', 'sales'])).toBe(
      overviewRoom({ windowMinutes: 60 }, ['sales', 'billing']),
    );
    expect(overviewRoom({ windowMinutes: 60, channel: 'chat' }, ['billing'])).toBe(
      'overview:60::chat:teams=["billing"]',
    );
    expect(overviewRoom({ windowMinutes: 60, team: 'billing' }, ['billing'])).toBe(
      overviewRoom({ windowMinutes: 60, team: 'billing' }),
    );
  });

  it('feeds a user limited to teams their teams only', () => {
    expect(feedRooms(null)).toEqual([FEED_ROOM]);
    expect(feedRooms(['billing', 'sales'])).toEqual(['feed:team:billing', 'feed:team:sales']);
  });
});
