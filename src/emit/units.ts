/**
 * Quantities as Kubernetes and Compose write them, from the plan's SI numbers. Requests round up
 * (a pod never gets less than the plan sized), to whole millicores, MiB or GiB.
 */

/** Bytes in a mebibyte. */
export const MIB = 1024 ** 2;
/** Bytes in a gibibyte. */
export const GIB = 1024 ** 3;

/**
 * The largest magnitude a Kubernetes quantity may represent: 2^63 − 1 (k8s.io/apimachinery
 * resource.Quantity: "no quantity may represent a number greater than 2^63-1 in magnitude").
 * Doubles compare against 2^63 itself: the largest double below it is within range.
 */
export const MAX_QUANTITY = 2 ** 63;

/**
 * The Kubernetes quantity grammar (resource.Quantity's serialization format):
 * signedNumber (digits, digits.digits, digits., .digits) then a binary-SI suffix (Ki … Ei), a
 * decimal-SI suffix (m, k, M, G, T, P, E, or none) or a decimal exponent (e/E signedNumber).
 */
export const K8S_QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:Ki|Mi|Gi|Ti|Pi|Ei|[mkMGTPE]|[eE][+-]?(?:\d+(?:\.\d*)?|\.\d+))?$/;

/** Stops the emit with an internal error when a quantity is not finite or beyond Kubernetes' range (profile validation should have refused its inputs). */
export function assertQuantity(value: number, what: string): void {
  if (!(Number.isFinite(value) && Math.abs(value) < MAX_QUANTITY)) {
    throw new Error(`internal: ${what} would be ${value}, outside Kubernetes' quantity range (|x| < 2^63); validation should have refused the profile`);
  }
}

/** Rounds up, forgiving floating-point noise just above an integer. */
function ceilish(x: number): number {
  return Math.ceil(x - 1e-9);
}

/** CPU cores as a Kubernetes quantity in millicores: 0.25 → "250m", 4 → "4000m". */
export function cpuQuantity(cores: number): string {
  const millicores = Math.max(1, ceilish(cores * 1000));
  assertQuantity(millicores, 'a CPU quantity (millicores)');
  return `${integerText(millicores)}m`;
}

/** Memory as a Kubernetes quantity: whole GiB as "2Gi", else rounded up to MiB ("512Mi"). */
export function memoryQuantity(bytes: number): string {
  const mib = Math.max(1, ceilish(bytes / MIB));
  assertQuantity(mib * MIB, 'a memory quantity (bytes)');
  return mib % 1024 === 0 ? `${integerText(mib / 1024)}Gi` : `${integerText(mib)}Mi`;
}

/** Storage as a Kubernetes quantity rounded up to whole GiB (at least 1Gi): volume sizes. */
export function storageQuantity(bytes: number): string {
  const gib = Math.max(1, ceilish(bytes / GIB));
  assertQuantity(gib * GIB, 'a storage quantity (bytes)');
  return `${integerText(gib)}Gi`;
}

/** Memory as Compose writes it (binary units, lower case): "1g", "512m". */
export function composeMemory(bytes: number): string {
  const mib = Math.max(1, ceilish(bytes / MIB));
  assertQuantity(mib * MIB, 'a Compose memory size (bytes)');
  return mib % 1024 === 0 ? `${integerText(mib / 1024)}g` : `${integerText(mib)}m`;
}

/** CPU cores for Compose's `cpus`, rounded up to the millicore: 0.25, 4. */
export function composeCpus(cores: number): number {
  const millicores = Math.max(1, ceilish(cores * 1000));
  assertQuantity(millicores, 'Compose cpus (millicores)');
  return millicores / 1000;
}

/** A whole number in plain digits (never `1e+21`), after asserting it is finite and within range: byte counts for redis and labels. */
export function integerText(value: number): string {
  assertQuantity(value, 'a whole number');
  return BigInt(Math.round(value)).toString();
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
