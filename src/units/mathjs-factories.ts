/**
 * The mathjs factories math-reader.ts builds its reduced instance from (it imports them from
 * here), bundled on their own as dist/mathjs.cjs (scripts/build.mjs), which dist/main.cjs
 * requires in place of this module.
 */
export {
  addDependencies,
  create,
  divideDependencies,
  maxDependencies,
  minDependencies,
  multiplyDependencies,
  parseDependencies,
  powDependencies,
  subtractDependencies,
  unaryMinusDependencies,
  unitDependencies,
} from 'mathjs';
