/**
 * The mathjs factories math-reader.ts builds its reduced instance from, bundled on their own as
 * dist/mathjs.cjs (scripts/build.mjs), which dist/main.cjs requires in place of 'mathjs'. Keep
 * this list equal to math-reader.ts's imports from 'mathjs' (a test compares them).
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
