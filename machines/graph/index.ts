export { type Coverage, coverageOf, type PathLike, unionCoverage } from './coverage.js';
export { toDot, toJson, toMermaid } from './diagram.js';
export { allEdges, type EdgeId } from './edges.js';
export {
  abstractContext,
  currentPhase,
  eventVariants,
  type GeneratedPath,
  generatePaths,
  traversalClasses,
} from './paths.js';
export { edgeAwareSerializer } from './serializer.js';
