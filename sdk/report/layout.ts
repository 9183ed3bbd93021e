/**
 * Lays out the trust graph left to right — issuers, subjects, identities, cloud roles — with
 * dagre, so the report never hand-places boxes.
 *
 * @see https://github.com/dagrejs/dagre/wiki
 * @module
 */
import * as dagre from "@dagrejs/dagre";
import type { Point } from "@dagrejs/dagre";
import type { ReportEdge, ReportNode } from "./model";

/** Sizes used to measure text without a browser: a monospace-ish estimate at 12 px. */
export const GRAPH_FONT_PX = 12;
const CHAR_WIDTH_PX = 7.4;
const LINE_HEIGHT_PX = 16;
const PADDING_PX = 12;
/** Labels longer than this are cut with an ellipsis; the full text stays in the node's title. */
export const MAX_LABEL_CHARS = 56;

/** A node with its place: centre `x`, `y` and size, in px. */
export interface PlacedNode {
  readonly node: ReportNode;
  readonly lines: readonly string[];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** An edge as a polyline, in px. */
export interface PlacedEdge {
  readonly edge: ReportEdge;
  readonly points: ReadonlyArray<{ readonly x: number; readonly y: number }>;
}

/** The laid-out graph and its size in px. */
export interface GraphLayout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly width: number;
  readonly height: number;
}

/** Cuts text to {@link MAX_LABEL_CHARS}. */
export function clip(text: string): string {
  return text.length > MAX_LABEL_CHARS ? `${text.slice(0, MAX_LABEL_CHARS - 1)}…` : text;
}

/** Lays out nodes and edges left to right. */
export function layoutGraph(
  nodes: readonly ReportNode[],
  edges: readonly ReportEdge[],
): GraphLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 14, ranksep: 48, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  const lines = new Map<string, string[]>();
  for (const node of nodes) {
    const text = [node.label, ...node.detail].map(clip);
    lines.set(node.id, text);
    const longest = Math.max(...text.map((t) => t.length));
    graph.setNode(node.id, {
      width: longest * CHAR_WIDTH_PX + 2 * PADDING_PX,
      height: text.length * LINE_HEIGHT_PX + PADDING_PX,
    });
  }
  for (const edge of edges) graph.setEdge(edge.from, edge.to);

  dagre.layout(graph);

  const placed = nodes.map((node) => {
    const box = graph.node(node.id);
    return {
      node,
      lines: lines.get(node.id) ?? [node.label],
      x: box.x,
      y: box.y,
      width: box.width,
      height: box.height,
    };
  });
  const placedEdges = edges.map((edge) => ({
    edge,
    points: (graph.edge(edge.from, edge.to)?.points ?? []).map((p: Point) => ({ x: p.x, y: p.y })),
  }));
  const size = graph.graph();
  return { nodes: placed, edges: placedEdges, width: size.width ?? 0, height: size.height ?? 0 };
}

/** The line height used when drawing a node's lines, in px. */
export const GRAPH_LINE_HEIGHT_PX = LINE_HEIGHT_PX;
