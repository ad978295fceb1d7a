import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/apps/', import.meta.url));

/** Temporary folders outside the repository (no workspace node_modules above them), removed by `cleanup`. */
export class AppFolders {
  private readonly made: string[] = [];

  /** A copy of `test/fixtures/apps/<name>`, with `files` written over it (paths relative to the folder). */
  async copy(name: string, files: Record<string, string> = {}): Promise<string> {
    const folder = await this.empty();
    await cp(join(FIXTURES, name), folder, { recursive: true });
    await this.write(folder, files);
    return folder;
  }

  /** A folder holding exactly `files`. */
  async make(files: Record<string, string>): Promise<string> {
    const folder = await this.empty();
    await this.write(folder, files);
    return folder;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  }

  private async empty(): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), 'plugboard-app-'));
    this.made.push(root);
    return join(root, 'app');
  }

  /** Writes `files` into `folder` (paths relative to it). */
  async write(folder: string, files: Record<string, string>): Promise<void> {
    await mkdir(folder, { recursive: true });
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(folder, path)), { recursive: true });
      await writeFile(join(folder, path), text);
    }
  }
}
