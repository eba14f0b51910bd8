/** Colours as plain functions, passed into renderers so that tests use the identity palette. */

/** String styling functions a renderer may use. */
export interface Palette {
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  cyan: (s: string) => string;
}

const identity = (s: string): string => s;

/** The palette without colours. */
export const plainPalette: Palette = { bold: identity, dim: identity, red: identity, yellow: identity, green: identity, cyan: identity };
