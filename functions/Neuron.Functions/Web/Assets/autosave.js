/**
 * Draft autosave for the playground, kept apart so it can be tested on its own (with a fake or a controlled clock).
 *
 * A change is written IDLE_MS after the last keystroke, coalesced to the latest text; a change that has waited
 * FORCE_AFTER_MS is written even while typing goes on; and there is never more than one write per MIN_INTERVAL_MS.
 */
export const IDLE_MS = 1000;
export const FORCE_AFTER_MS = 5000;
export const MIN_INTERVAL_MS = 1000;

export class DraftAutosave {
  #write;
  #clock;
  #latest;
  #pendingSince = null;
  #lastChange = 0;
  #lastWrite = -Infinity;
  #timer = null;

  /**
   * @param {(text: string) => void} write persists the text (e.g. to localStorage)
   * @param {{ now: () => number, setTimeout: Function, clearTimeout: Function }} clock
   */
  constructor(write, clock = { now: () => Date.now(), setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t) }) {
    this.#write = write;
    this.#clock = clock;
  }

  get pending() {
    return this.#pendingSince !== null;
  }

  /** Records the latest text and (re)schedules its write. */
  change(text) {
    const now = this.#clock.now();
    this.#latest = text;
    this.#lastChange = now;
    this.#pendingSince ??= now;
    this.#schedule(now);
  }

  /** Writes a pending change at once (the page is being hidden or closed). */
  flush() {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#pendingSince === null) return;
    this.#pendingSince = null;
    this.#lastWrite = this.#clock.now();
    this.#write(this.#latest);
  }

  #schedule(now) {
    const due = Math.max(this.#lastWrite + MIN_INTERVAL_MS, Math.min(this.#lastChange + IDLE_MS, this.#pendingSince + FORCE_AFTER_MS));
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.flush();
    }, Math.max(0, due - now));
  }
}
