/**
 * The pure core of `capplan fit`: read load-test results, fit the Universal Scalability Law,
 * predict, chart and render. The command layer reads the files and prints; nothing here does I/O.
 */

export { type ChartOptions, renderChart } from './chart.js';
export { detectAndParse, detectFormat, parseAs } from './parse/detect.js';
export {
  type FitDiagnostic,
  type InputFile,
  type LoadFormat,
  type LoadSeries,
  type ParseOptions,
  type ParseResult,
  formatDiagnostic,
  isDiagnostics,
} from './parse/types.js';
export {
  type FitFormat,
  type FitJson,
  type FitReport,
  type Palette,
  type RenderOptions,
  buildFitJson,
  fitRenderers,
  plainPalette,
  renderFit,
} from './render.js';
export { studentTQuantile } from './student-t.js';
export {
  type FitOptions,
  type FitWarning,
  type FitWarningCode,
  type FittedPoints,
  type LoadPoint,
  type PeakKind,
  type Prediction,
  type UslFit,
  type UslFitRefusal,
  type UslFitResult,
  type UslParams,
  type UslPeak,
  MIN_DISTINCT_N,
  fitUsl,
  predict,
  uslPeak,
  uslThroughput,
} from './usl.js';
