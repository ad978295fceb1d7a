import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliPackage } from './cliPackage.ts';

/** A file of the new project: its path relative to the project folder, and its text. */
export interface ProjectFile {
  path: string;
  text: string;
}

/** Copied from templates/app, where the workspace type-checks them like any source. */
const TEMPLATE_FILES = ['src/app.ts', 'test/app.test.ts'];
/** The manifest line in templates/app/src/app.ts that gets the project's id. */
const TEMPLATE_INFO = "export const info = { id: 'plugboard-app', name: 'plugboard-app', version: '0.1.0' };";

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function packageJson(name: string, cli: CliPackage): string {
  const plugboard = `^${cli.version}`;
  return json({
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      dev: 'plugboard dev src/app.ts',
      test: 'tsc && node --import tsx --test test/*.test.ts',
    },
    dependencies: { '@plugboard/apps-engine': plugboard, '@plugboard/oauth2': plugboard },
    devDependencies: {
      '@plugboard/cli': plugboard,
      '@plugboard/testing': plugboard,
      '@types/node': '^20.19.0',
      // The same tsx the CLI runs apps with.
      tsx: cli.dependencies['tsx'] ?? '^4.20.0',
      typescript: '^7.0.2',
    },
    engines: { node: '>=20.19' },
  });
}

const TSCONFIG = json({
  compilerOptions: {
    module: 'nodenext',
    target: 'es2022',
    types: ['node'],
    strict: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['src', 'test'],
});

const GITIGNORE = 'node_modules/\n.plugboard/\n';

function readme(name: string): string {
  return `# ${name}

A chat app with an OAuth client, made by \`plugboard init\`.

\`\`\`sh
npm install
npm test        # type-checks, then connects a user's account against a local authorization server
npm run dev     # the app in a local host with a web console
\`\`\`

In the console, run \`/connect\` as alice, open the link, sign in as \`alice\` (any password) and
consent; then type the code the page shows in the bot's message (*Enter code*): a forwarded link
connects nobody else's account. Without \`PLUGBOARD_GOOGLE_CLIENT_ID\` and \`PLUGBOARD_GOOGLE_CLIENT_SECRET\` the app's
\`google()\` client talks to the bundled authorization server; set both (and register the redirect
URI the console shows with Google) to connect a real Google account.
`;
}

/** Every file `plugboard init` writes, for a project (and app id) named `name`. */
export async function projectFiles(name: string, cli: CliPackage): Promise<ProjectFile[]> {
  const templates = await Promise.all(
    TEMPLATE_FILES.map(async (path) => ({ path, text: await readFile(join(cli.root, 'templates', 'app', path), 'utf8') })),
  );
  for (const file of templates) {
    // `name` is letters, digits and `-._` only (projectName), so it sits in quotes as it is.
    file.text = file.text.replace(TEMPLATE_INFO, `export const info = { id: '${name}', name: '${name}', version: '0.1.0' };`);
  }
  return [
    { path: 'package.json', text: packageJson(name, cli) },
    { path: 'tsconfig.json', text: TSCONFIG },
    { path: '.gitignore', text: GITIGNORE },
    { path: 'README.md', text: readme(name) },
    ...templates,
  ];
}

/** A folder name as an app id and npm package name: lowercase letters, digits, `-`, `.`, `_`. */
export function projectName(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, 64);
  return name === '' ? 'my-app' : name;
}
