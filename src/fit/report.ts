/**
 * What a fit report shows, shared by its renderers (text, Markdown, JSON) so that none of them
 * imports another.
 */
import type { ChartOptions } from './chart.js';
import type { LoadSeries } from './parse/types.js';
import type { Layout } from '../render/layout.js';
import type { Palette } from '../render/palette.js';
import type { Prediction } from './usl-model.js';
import type { UslFit } from './usl.js';

/** What a report shows: the fit, where its points came from, and optional predictions. */
export interface FitReport {
  fit: UslFit;
  series?: Pick<LoadSeries, 'source' | 'xLabel' | 'yLabel' | 'rateUnit' | 'notes'> & { format?: LoadSeries['format'] };
  predictions?: Prediction[];
}

/** Output formats of `capplan fit`. */
export type FitFormat = 'table' | 'json' | 'markdown';

/** Rendering options. */
export interface RenderOptions {
  palette?: Palette;
  /** The terminal's width and character set (table only). */
  layout?: Layout;
  chart?: ChartOptions | false;
  /** Residual rows shown in table/markdown before "… N more" (JSON always has all). */
  maxResidualRows?: number;
}
