/** One line of what happened in the console (commands run, settings saved, failures). */
export interface ActivityEntry {
  time: Date;
  kind: 'ok' | 'error';
  text: string;
}

/** The newest entries, newest first; the page shows them under the command form. */
export class ActivityLog {
  private readonly entries: ActivityEntry[] = [];

  constructor(
    private readonly changed: () => void = () => {},
    private readonly capacity = 50,
  ) {}

  add(kind: ActivityEntry['kind'], text: string): void {
    this.entries.unshift({ time: new Date(), kind, text });
    this.entries.length = Math.min(this.entries.length, this.capacity);
    this.changed();
  }

  list(): readonly ActivityEntry[] {
    return this.entries;
  }
}
