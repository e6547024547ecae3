import { beforeNavigate } from '$app/navigation';
import type { EngineConfigVersion } from '@vigil/contracts';
import { ApiRequestError } from '$lib/api';
import { describeError, groupFieldErrors } from './form';

/** What each row of a settings list has, whatever it holds (a topic, a QA criterion, a policy rule). */
export interface DraftRow {
  id: number;
  key: string;
  isNew: boolean;
  removed: boolean;
}

export interface DraftListOptions<D extends DraftRow, T> {
  /** Fresh drafts of the rows in force (the editor starts from them, and "Discard" goes back to them). */
  initial: () => D[];
  /** A row as the API takes it; two rows are the same when these are. */
  toItem: (draft: D) => T;
  /** A row's own problems, by field. */
  validate: (draft: D, all: D[]) => Record<string, string>;
  /** Sends the rows as a new version. */
  send: (items: T[], note: string | undefined) => Promise<EngineConfigVersion>;
  onsaved: (saved: EngineConfigVersion) => void;
  /** Where the API's field errors about the rows start ("scorecard.criteria"). */
  errorPrefix: string;
  /** The rows in words, for the messages ("criteria"), and the list ("this scorecard"). */
  rowsName: string;
  listName: string;
  /** Brings a row with problems into view (opens and focuses it). */
  showProblem: (id: number) => void;
  /** Whether leaving with unsaved changes should ask first (not for a read-only view). */
  guardsLeaving?: () => boolean;
}

/**
 * The editing state of a versioned settings list (Topics, QA scorecard, Policies): the drafts, what
 * changed against the version in force, the row-by-row problems (the page's and the API's), and saving
 * it as a new version, with a question before leaving unsaved changes. The components keep their own
 * fields and layout.
 */
export class DraftList<D extends DraftRow, T> {
  /** The rows in force as the API takes them, and each of them by key (set once, by the constructor). */
  private baseline = '';
  private inForce = new Map<string, string>();

  drafts = $state<D[]>([]);
  note = $state('');
  saving = $state(false);
  saved = $state(false);
  /** Problems the API named, by row id; a row's are cleared when it is edited. */
  serverErrors = $state.raw<Map<number, Record<string, string>>>(new Map());
  /** Problems the API named that belong to no single row. */
  generalErrors = $state.raw<string[]>([]);
  saveError = $state<string | null>(null);

  readonly kept = $derived(this.drafts.filter((d) => !d.removed));
  readonly items = $derived(this.kept.map((d) => this.options.toItem(d)));
  readonly dirty = $derived(JSON.stringify(this.items) !== this.baseline);
  readonly clientErrors = $derived(
    new Map(this.drafts.map((d) => [d.id, d.removed ? {} : this.options.validate(d, this.drafts)])),
  );
  readonly changes = $derived.by(() => {
    const counts = { added: 0, edited: 0, removed: 0 };
    for (const d of this.drafts) {
      if (d.isNew) counts.added += d.removed ? 0 : 1;
      else if (d.removed) counts.removed += 1;
      else if (this.changeOf(d) === 'edited') counts.edited += 1;
    }
    return counts;
  });
  /** What changed, in a few words ("1 added, 2 edited"). */
  readonly summary = $derived(
    Object.entries(this.changes)
      .filter(([, n]) => n > 0)
      .map(([what, n]) => `${n} ${what}`)
      .join(', '),
  );

  constructor(private readonly options: DraftListOptions<D, T>) {
    const initial = options.initial();
    this.drafts = initial;
    this.baseline = JSON.stringify(initial.map(options.toItem));
    this.inForce = new Map(initial.map((d) => [d.key, JSON.stringify(options.toItem(d))]));
    beforeNavigate(({ type, cancel }) => {
      if (!this.dirty || this.saved || options.guardsLeaving?.() === false) return;
      // Closing the tab or leaving the site: the browser asks with its own dialog.
      if (type === 'leave') return cancel();
      if (!confirm(`You have unsaved changes to ${options.listName}. Leave without saving them?`)) cancel();
    });
  }

  changeOf(d: D): 'new' | 'removed' | 'edited' | null {
    if (d.isNew) return 'new';
    if (d.removed) return 'removed';
    return this.inForce.get(d.key.trim()) === JSON.stringify(this.options.toItem(d)) ? null : 'edited';
  }

  /** A row was edited: what the API said about it no longer holds. */
  edited(id: number): void {
    if (!this.serverErrors.has(id)) return;
    const next = new Map(this.serverErrors);
    next.delete(id);
    this.serverErrors = next;
  }

  add(draft: D): void {
    this.drafts = [...this.drafts, draft];
  }

  remove(d: D): void {
    if (d.isNew) this.drafts = this.drafts.filter((x) => x.id !== d.id);
    else d.removed = true;
    this.edited(d.id);
  }

  /** Replaces the rows (an imported file), keeping nothing the API said about the old ones. */
  replace(drafts: D[]): void {
    this.drafts = drafts;
    this.serverErrors = new Map();
  }

  discard(): void {
    this.drafts = this.options.initial();
    this.serverErrors = new Map();
    this.generalErrors = [];
    this.saveError = null;
    this.note = '';
  }

  /** The first row with a problem the page can see (the API checks again on saving). */
  private firstProblem(): number | undefined {
    return this.kept.find((d) => Object.keys(this.clientErrors.get(d.id) ?? {}).length > 0)?.id;
  }

  async save(): Promise<void> {
    this.saveError = null;
    this.generalErrors = [];
    const problem = this.firstProblem();
    if (problem !== undefined) {
      this.saveError = `Some ${this.options.rowsName} need attention before this can be saved.`;
      this.options.showProblem(problem);
      return;
    }
    this.saving = true;
    // Errors name rows by position in what was sent: remember which draft each position was.
    const sent = this.kept.map((d) => d.id);
    try {
      const result = await this.options.send(this.items, this.note.trim() || undefined);
      this.saved = true;
      this.options.onsaved(result);
    } catch (err) {
      if (err instanceof ApiRequestError && err.status === 400 && err.body?.errors?.length) {
        const { byId, general } = groupFieldErrors(err.body.errors, this.options.errorPrefix, sent);
        this.serverErrors = byId;
        this.generalErrors = general;
        this.saveError = `The server did not accept ${this.options.listName}.`;
        const first = sent.find((id) => byId.has(id));
        if (first !== undefined) this.options.showProblem(first);
      } else {
        this.saveError = describeError(err);
      }
    } finally {
      this.saving = false;
    }
  }
}
