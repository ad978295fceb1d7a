import type { Command } from '../command.ts';
export const devCommand: Command = { name: 'dev', summary: 'run an app in a local host with a web console', help: '', run: async () => 0 };
