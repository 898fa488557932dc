/** Lays a pipeline's step graph out with dagre: node centres, edge polylines and branch-label positions. */
import dagre from '@dagrejs/dagre';
import type { EdgeKind, GraphEdge, PipelineModel } from './model';

export const NODE_WIDTH = 196;
export const NODE_HEIGHT = 52;
const LABEL_WIDTH = 38;
const LABEL_HEIGHT = 16;

export type Direction = 'LR' | 'TB';

export interface PlacedNode {
  readonly name: string;
  /** Centre. */
  readonly x: number;
  readonly y: number;
}

export interface PlacedEdge extends GraphEdge {
  readonly points: readonly { x: number; y: number }[];
  /** Where the branch label (true/false) goes. */
  readonly label?: { x: number; y: number; text: 'true' | 'false' };
}

export interface GraphLayout {
  readonly nodes: ReadonlyMap<string, PlacedNode>;
  readonly edges: readonly PlacedEdge[];
  readonly width: number;
  readonly height: number;
}

function branchOf(kinds: readonly EdgeKind[]): 'true' | 'false' | undefined {
  if (kinds.includes('true')) return 'true';
  if (kinds.includes('false')) return 'false';
  return undefined;
}

/** Places every step of the model. */
export function layoutGraph(model: PipelineModel, direction: Direction): GraphLayout {
  const graph = new dagre.graphlib.Graph<object, { width: number; height: number }, Record<string, unknown>>({
    multigraph: false,
  });
  graph.setGraph({ rankdir: direction, nodesep: 24, ranksep: 56, edgesep: 12, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const step of model.steps) graph.setNode(step.name, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of model.edges) {
    const branch = branchOf(edge.kinds);
    graph.setEdge(
      edge.from,
      edge.to,
      branch ? { width: LABEL_WIDTH, height: LABEL_HEIGHT, labelpos: 'c' } : { width: 0, height: 0 },
    );
  }
  dagre.layout(graph);
  const nodes = new Map<string, PlacedNode>();
  for (const name of graph.nodes()) {
    const placed = graph.node(name) as { x?: number; y?: number } | undefined;
    nodes.set(name, { name, x: placed?.x ?? 0, y: placed?.y ?? 0 });
  }
  const edges = model.edges.map((edge): PlacedEdge => {
    const placed = graph.edge(edge.from, edge.to) as { points?: { x: number; y: number }[]; x?: number; y?: number };
    const branch = branchOf(edge.kinds);
    return {
      ...edge,
      points: placed.points ?? [],
      ...(branch &&
        placed.x !== undefined &&
        placed.y !== undefined && { label: { x: placed.x, y: placed.y, text: branch } }),
    };
  });
  const size = graph.graph() as { width?: number; height?: number };
  return { nodes, edges, width: size.width ?? 0, height: size.height ?? 0 };
}
