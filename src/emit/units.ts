/**
 * Quantities as Kubernetes and Compose write them, from the plan's SI numbers. Requests round up
 * (a pod never gets less than the plan sized), to whole millicores, MiB or GiB.
 */

/** Bytes in a mebibyte. */
export const MIB = 1024 ** 2;
/** Bytes in a gibibyte. */
export const GIB = 1024 ** 3;

/** Rounds up, forgiving floating-point noise just above an integer. */
function ceilish(x: number): number {
  return Math.ceil(x - 1e-9);
}

/** CPU cores as a Kubernetes quantity in millicores: 0.25 → "250m", 4 → "4000m". */
export function cpuQuantity(cores: number): string {
  return `${Math.max(1, ceilish(cores * 1000))}m`;
}

/** Memory as a Kubernetes quantity: whole GiB as "2Gi", else rounded up to MiB ("512Mi"). */
export function memoryQuantity(bytes: number): string {
  const mib = Math.max(1, ceilish(bytes / MIB));
  return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

/** Storage as a Kubernetes quantity rounded up to whole GiB (at least 1Gi): volume sizes. */
export function storageQuantity(bytes: number): string {
  return `${Math.max(1, ceilish(bytes / GIB))}Gi`;
}

/** Memory as Compose writes it (binary units, lower case): "1g", "512m". */
export function composeMemory(bytes: number): string {
  const mib = Math.max(1, ceilish(bytes / MIB));
  return mib % 1024 === 0 ? `${mib / 1024}g` : `${mib}m`;
}

/** CPU cores for Compose's `cpus`, rounded up to the millicore: 0.25, 4. */
export function composeCpus(cores: number): number {
  return Math.max(1, ceilish(cores * 1000)) / 1000;
}

/** A number as text with at most three decimals and no exponent for ordinary sizes: 233.1, 0.7, 12. */
export function decimalText(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : 'NaN';
  const rounded = Math.round(value * 1000) / 1000;
  return Number.isInteger(rounded) ? BigInt(rounded).toString() : rounded.toFixed(3).replace(/0+$/, '');
}

/** Seconds as a Go/Compose duration: 60 → "60s", 0.5 → "500ms". */
export function durationText(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.max(1, Math.round(seconds * 1000))}ms`;
}
