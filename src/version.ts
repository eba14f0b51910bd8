/** The package version, injected by the bundler (scripts/build.mjs, vitest.config.ts). */
declare const __CAPPLAN_VERSION__: string | undefined;

/** capplan's version. */
export const VERSION: string = typeof __CAPPLAN_VERSION__ === 'string' ? __CAPPLAN_VERSION__ : '0.0.0-dev';
