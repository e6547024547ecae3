import type { CoachingReportQuery } from '@vigil/contracts';

/** The coaching page's form as it is in the address: whom (an agent or a team) and which days. */
export interface CoachingForm {
  subject: 'agent' | 'team';
  agent: string;
  team: string;
  /** Days as yyyy-mm-dd (UTC), both included. */
  from: string;
  to: string;
}

const DAY = 86_400_000;
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isDay = (value: string | null): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** Last calendar month (UTC): what a trainer reviews at the start of a month. */
export function lastMonth(now = Date.now()): { from: string; to: string } {
  const d = new Date(now);
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
  const last = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - DAY;
  return { from: ymd(first), to: ymd(last) };
}

/** The last `days` days, today included. */
export function lastDays(days: number, now = Date.now()): { from: string; to: string } {
  return { from: ymd(now - (days - 1) * DAY), to: ymd(now) };
}

export function readCoachingForm(params: URLSearchParams, now = Date.now()): CoachingForm {
  const fallback = lastDays(30, now);
  const team = params.get('team')?.trim() ?? '';
  const agent = params.get('agent')?.trim() ?? '';
  return {
    subject: params.get('subject') === 'team' || (team && !agent) ? 'team' : 'agent',
    agent,
    team,
    from: isDay(params.get('from')) ? params.get('from')! : fallback.from,
    to: isDay(params.get('to')) ? params.get('to')! : fallback.to,
  };
}

/** The API query of a filled-in form (the last day included), or null when no one is chosen yet. */
export function coachingQuery(form: CoachingForm): CoachingReportQuery | null {
  const who = form.subject === 'team' ? { team: form.team } : { agent: form.agent };
  if (!(who.team ?? who.agent)) return null;
  const from = `${form.from}T00:00:00.000Z`;
  const to = new Date(Date.parse(`${form.to}T00:00:00.000Z`) + DAY).toISOString();
  return { ...who, from, to };
}

/** The page's address for a subject and days. */
export function coachingHref(
  who: { agent: string } | { team: string },
  days: { from: string; to: string } = lastDays(30),
): string {
  const params = new URLSearchParams({
    ...('agent' in who ? { subject: 'agent', agent: who.agent } : { subject: 'team', team: who.team }),
    ...days,
  });
  return `/coaching?${params}`;
}
