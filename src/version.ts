/** The package version, injected by the bundler (scripts/build.mjs, vitest.config.ts). */
declare const __CAPPLAN_VERSION__: string | undefined;

/** capplan's version. */
export const VERSION: string = typeof __CAPPLAN_VERSION__ === 'string' ? __CAPPLAN_VERSION__ : '0.0.0-dev';

declare const __CAPPLAN_BUGS_URL__: string | null | undefined;

/** Where to report bugs: package.json's `bugs` (url), injected by the bundler; null when the package names none. */
export const BUGS_URL: string | null = typeof __CAPPLAN_BUGS_URL__ === 'string' ? __CAPPLAN_BUGS_URL__ : null;
