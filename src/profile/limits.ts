/** Input limits shared by the readers (kept apart so the I/O layer need not load the YAML parser). */

/** The largest profile read, in bytes (1 MiB: the largest bundled profile is under 10 KiB). */
export const MAX_PROFILE_BYTES = 1024 * 1024;
/** The deepest nesting of mappings and lists accepted. */
export const MAX_DEPTH = 64;
/** The most alias dereferences accepted (yaml's resource-exhaustion guard). */
export const MAX_ALIAS_COUNT = 100;
