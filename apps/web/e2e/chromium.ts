import type { LaunchOptions } from '@playwright/test';

/**
 * Debian's Chromium: Playwright's own browser download is not reachable here. The flags keep it
 * from phoning home and from needing a GPU or a sandbox (CI runs as root in a container).
 */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
