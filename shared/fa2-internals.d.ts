/** The step and matrix helpers of graphology-layout-forceatlas2, which its package ships without types. */
declare module "graphology-layout-forceatlas2/iterate.js" {
  /** One ForceAtlas2 iteration over the node and edge matrices, in place. */
  export default function iterate(settings: Record<string, unknown>, nodes: Float32Array, edges: Float32Array): void;
}
declare module "graphology-layout-forceatlas2/defaults.js" {
  /** The settings ForceAtlas2 runs with where none are given. */
  const defaults: Record<string, unknown>;
  export default defaults;
}
