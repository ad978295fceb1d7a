/**
 * The clients this process registered with the bundled server, by client id. The server keeps them
 * (and their tokens) in memory for as long as it runs: a reload of the app reuses them, so
 * connected accounts survive it; a new process starts with none.
 */
export class LocalClients {
  private readonly ids = new Set<string>();

  add(clientId: string): void {
    this.ids.add(clientId);
  }

  /** Whether a stored client id is one the running bundled server knows. */
  has(clientId: unknown): boolean {
    return typeof clientId === 'string' && this.ids.has(clientId);
  }
}
