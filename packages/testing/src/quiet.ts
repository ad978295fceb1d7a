/**
 * oidc-provider prints start-up notices through console.warn/console.info. Some are about
 * choices this kit makes deliberately for a test server (devInteractions pages) or has
 * already replaced; the rest of its output, and everything else, passes through.
 */
const EXPECTED_NOTICES = [
  // The kit exists to drive these pages.
  'oidc-provider WARNING: a quick start development-only feature devInteractions is enabled',
  // oidc-provider 9 asks for Node 22; the project supports Node >= 20.19 and this kit's
  // tests run the provider on it.
  'oidc-provider WARNING: Unsupported runtime.',
];

function isExpected(args: unknown[]): boolean {
  const first = args[0];
  return typeof first === 'string' && EXPECTED_NOTICES.some((notice) => first.includes(notice));
}

/** Runs `action` with the expected notices filtered out of console.warn and console.info. */
export async function withoutExpectedNotices<T>(action: () => T | Promise<T>): Promise<T> {
  const { warn, info } = console;
  console.warn = (...args: unknown[]) => {
    if (!isExpected(args)) warn.apply(console, args);
  };
  console.info = (...args: unknown[]) => {
    if (!isExpected(args)) info.apply(console, args);
  };
  try {
    return await action();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}
