import { SENTIMENT_SCORE, type ScoreEvidence } from './evidence';

const NOTHING: ScoreEvidence = { id: SENTIMENT_SCORE, label: 'Customer sentiment', evidence: [] };

/**
 * Which score's evidence the transcript highlights — the one mechanism behind every panel of a
 * conversation. Clicking a score chooses it (clicking it again goes back to sentiment); pointing at
 * one previews it. Without a choice the transcript shows all sentiment evidence.
 */
export class ScoreSelection {
  /** The chosen score, remembered with the conversation it belongs to so another one starts afresh. */
  #chosen = $state<{ owner: string; id: string } | null>(null);
  #previewed = $state<{ owner: string; id: string } | null>(null);

  readonly #owner: () => string;
  readonly #scores: () => Map<string, ScoreEvidence>;

  /** owner: the conversation's id; scores: its pickable scores (see scoresWithEvidence). */
  constructor(owner: () => string, scores: () => Map<string, ScoreEvidence>) {
    this.#owner = owner;
    this.#scores = scores;
  }

  /** The score whose evidence is highlighted now. */
  get current(): ScoreEvidence {
    const map = this.#scores();
    return (
      map.get(this.#idOf(this.#previewed) ?? '') ??
      map.get(this.chosenId) ??
      map.get(SENTIMENT_SCORE) ??
      NOTHING
    );
  }

  /** The chosen score (what aria-pressed reflects): the clicked one, else sentiment. */
  get chosenId(): string {
    const id = this.#idOf(this.#chosen);
    return id != null && this.#scores().has(id) ? id : SENTIMENT_SCORE;
  }

  /** True when the transcript shows something other than the default sentiment evidence. */
  get focused(): boolean {
    return this.current.id !== SENTIMENT_SCORE;
  }

  isChosen(id: string): boolean {
    return this.chosenId === id;
  }

  isPreviewed(id: string): boolean {
    return this.#idOf(this.#previewed) === id;
  }

  /** Choose a score, or un-choose it; either way the click's result shows at once, not a preview. */
  toggle(id: string): void {
    this.#chosen = this.isChosen(id) ? null : { owner: this.#owner(), id };
    this.#previewed = null;
  }

  preview(id: string | null): void {
    this.#previewed = id == null ? null : { owner: this.#owner(), id };
  }

  reset(): void {
    this.#chosen = null;
    this.#previewed = null;
  }

  #idOf(pick: { owner: string; id: string } | null): string | null {
    return pick && pick.owner === this.#owner() ? pick.id : null;
  }
}
