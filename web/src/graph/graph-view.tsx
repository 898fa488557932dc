/**
 * The step graph as SVG: dagre's layout, zoom with the wheel (around the pointer), pan by dragging, a Fit button,
 * and the keyboard (arrows pan, + and − zoom, 0 fits; Tab reaches every step, Enter selects it). Large graphs
 * (hundreds of steps) open at a readable zoom at their start; Fit shows them whole, and below a zoom level the
 * second line of each step is left out so that the shape stays legible.
 */
import type { KeyboardEvent, PointerEvent } from 'react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { GraphLegend, StepNode } from './graph-parts';
import type { Direction, GraphLayout, PlacedEdge } from './layout';
import { layoutGraph } from './layout';
import type { PipelineModel } from './model';

export interface GraphViewProps {
  readonly model: PipelineModel;
  /** Step statuses by name; with `showStatus`, a step missing here is "not reached". */
  readonly statuses?: ReadonlyMap<string, string>;
  readonly showStatus: boolean;
  readonly selected?: string | undefined;
  readonly onSelect?: (name: string) => void;
  /** What the graph is, for screen readers. */
  readonly label: string;
}

interface Transform {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

const MIN_ZOOM = 0.05;
const MAX_ZOOM = 3;
/** Below this zoom, nodes show their name only. */
const DETAIL_ZOOM = 0.45;
/**
 * A graph that would have to shrink below DETAIL_ZOOM to fit first opens at this zoom, at its beginning, so that its
 * steps can be read; Fit shows it whole.
 */
const READABLE_ZOOM = 0.8;
const DIRECTION_KEY = 'sluice.graph.direction';

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

function savedDirection(): Direction {
  try {
    return localStorage.getItem(DIRECTION_KEY) === 'TB' ? 'TB' : 'LR';
  } catch {
    return 'LR';
  }
}

/** A smooth path through dagre's edge points. */
function edgePath(points: readonly { x: number; y: number }[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i] as { x: number; y: number };
    const q = rest[i + 1] as { x: number; y: number };
    d += ` Q${p.x},${p.y} ${(p.x + q.x) / 2},${(p.y + q.y) / 2}`;
  }
  const last = rest[rest.length - 1];
  if (last) d += ` L${last.x},${last.y}`;
  return d;
}

function edgeClass(edge: PlacedEdge): string {
  const main = edge.kinds[0] ?? 'data';
  return `edge edge-${main === 'dependsOn' ? 'depends' : main}`;
}

function markerOf(edge: PlacedEdge): string {
  const main = edge.kinds[0];
  return main === 'true' ? 'url(#arrow-true)' : main === 'false' ? 'url(#arrow-false)' : 'url(#arrow)';
}

/** The view that shows `layout` whole in a box of `width` × `height`. */
function fitTransform(layout: GraphLayout, width: number, height: number, readable: boolean): Transform {
  const pad = 24;
  const k = clamp(Math.min((width - pad) / layout.width, (height - pad) / layout.height), MIN_ZOOM, 1.2);
  if (readable && k < DETAIL_ZOOM) {
    // Too big to read whole: start at its beginning (left or top), centred across.
    const r = READABLE_ZOOM;
    const x = layout.width * r < width ? (width - layout.width * r) / 2 : pad / 2;
    const y = layout.height * r < height ? (height - layout.height * r) / 2 : pad / 2;
    return { x, y, k: r };
  }
  return { x: (width - layout.width * k) / 2, y: (height - layout.height * k) / 2, k };
}

/** The graph with its toolbar. */
export function GraphView({ model, statuses, showStatus, selected, onSelect, label }: GraphViewProps) {
  const [direction, setDirection] = useState<Direction>(savedDirection);
  const layout = useMemo(() => layoutGraph(model, direction), [model, direction]);
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [view, setView] = useState<Transform>({ x: 0, y: 0, k: 1 });
  const fittedFor = useRef<GraphLayout | undefined>(undefined);
  const drag = useRef<{ id: number; x: number; y: number; view: Transform; moving: boolean } | undefined>(undefined);
  const justDragged = useRef(false);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const fit = useCallback(
    (readable: boolean) => {
      if (size.width > 0 && size.height > 0) setView(fitTransform(layout, size.width, size.height, readable));
    },
    [layout, size],
  );

  useLayoutEffect(() => {
    if (fittedFor.current === layout || size.width === 0) return;
    fittedFor.current = layout;
    fit(true);
  }, [layout, size, fit]);

  const zoomAt = useCallback((factor: number, px: number, py: number) => {
    setView((v) => {
      const k = clamp(v.k * factor, MIN_ZOOM, MAX_ZOOM);
      const ratio = k / v.k;
      return { k, x: px - (px - v.x) * ratio, y: py - (py - v.y) * ratio };
    });
  }, []);

  // The wheel zooms; React's onWheel is passive, so the listener is added by hand to prevent page scrolling.
  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
      zoomAt(Math.exp(-delta * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [zoomAt]);

  const onPointerDown = (event: PointerEvent<SVGSVGElement>): void => {
    if (event.button !== 0) return;
    drag.current = { id: event.pointerId, x: event.clientX, y: event.clientY, view, moving: false };
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>): void => {
    const current = drag.current;
    if (current?.id !== event.pointerId) return;
    const dx = event.clientX - current.x;
    const dy = event.clientY - current.y;
    if (!current.moving) {
      if (Math.hypot(dx, dy) < 4) return;
      current.moving = true;
      // Captured only once it is a drag, so that a plain click still reaches the step under the pointer.
      event.currentTarget.setPointerCapture(event.pointerId);
    }
    setView({ ...current.view, x: current.view.x + dx, y: current.view.y + dy });
  };
  const onPointerUp = (event: PointerEvent<SVGSVGElement>): void => {
    const current = drag.current;
    if (current?.id !== event.pointerId) return;
    drag.current = undefined;
    if (current.moving) {
      justDragged.current = true;
      window.setTimeout(() => (justDragged.current = false), 0);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = 60;
    const centre = (): [number, number] => [size.width / 2, size.height / 2];
    switch (event.key) {
      case '+':
      case '=':
        zoomAt(1.25, ...centre());
        break;
      case '-':
      case '_':
        zoomAt(0.8, ...centre());
        break;
      case '0':
        fit(false);
        break;
      case 'ArrowLeft':
        setView((v) => ({ ...v, x: v.x + step }));
        break;
      case 'ArrowRight':
        setView((v) => ({ ...v, x: v.x - step }));
        break;
      case 'ArrowUp':
        setView((v) => ({ ...v, y: v.y + step }));
        break;
      case 'ArrowDown':
        setView((v) => ({ ...v, y: v.y - step }));
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const select = (name: string): void => {
    if (!justDragged.current) onSelect?.(name);
  };
  const changeDirection = (): void => {
    const next: Direction = direction === 'LR' ? 'TB' : 'LR';
    try {
      localStorage.setItem(DIRECTION_KEY, next);
    } catch {
      // Not remembered, still applied.
    }
    setDirection(next);
  };

  const detailed = view.k >= DETAIL_ZOOM;
  return (
    <div className="graph">
      <div
        className="graph-canvas"
        ref={box}
        tabIndex={0}
        role="group"
        aria-label={`${label}. Arrow keys pan, plus and minus zoom, 0 fits; Tab moves through the steps.`}
        onKeyDown={onKeyDown}
      >
        {model.steps.length === 0 ? (
          <p className="graph-empty">This definition has no steps.</p>
        ) : (
          <svg
            width="100%"
            height="100%"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerUp}
          >
            <defs>
              {(['arrow', 'arrow-true', 'arrow-false'] as const).map((id) => (
                <marker
                  key={id}
                  id={id}
                  viewBox="0 0 10 10"
                  refX="9"
                  refY="5"
                  markerWidth="7"
                  markerHeight="7"
                  orient="auto-start-reverse"
                >
                  <path d="M0,0 L10,5 L0,10 z" className={`marker ${id}`} />
                </marker>
              ))}
            </defs>
            <g transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
              {layout.edges.map((edge) => (
                <g key={`${edge.from}->${edge.to}`}>
                  <path className={edgeClass(edge)} d={edgePath(edge.points)} markerEnd={markerOf(edge)}>
                    <title>{`${edge.from} → ${edge.to} (${edge.kinds.join(', ')})`}</title>
                  </path>
                  {edge.label && (
                    <g
                      transform={`translate(${edge.label.x},${edge.label.y})`}
                      className={`edge-label edge-label-${edge.label.text}`}
                    >
                      <rect x={-19} y={-8} width={38} height={16} rx={8} />
                      <text textAnchor="middle" dy="4">
                        {edge.label.text}
                      </text>
                    </g>
                  )}
                </g>
              ))}
              {model.steps.map((step) => {
                const placed = layout.nodes.get(step.name);
                if (!placed) return null;
                const status = showStatus ? statuses?.get(step.name) : undefined;
                return (
                  <StepNode
                    key={step.name}
                    step={step}
                    x={placed.x}
                    y={placed.y}
                    status={status}
                    showStatus={showStatus}
                    detailed={detailed}
                    selected={selected === step.name}
                    onSelect={select}
                  />
                );
              })}
            </g>
          </svg>
        )}
        <div className="graph-toolbar" role="toolbar" aria-label="Graph view">
          <button type="button" className="small" onClick={() => fit(false)} title="Show the whole graph (0)">
            Fit
          </button>
          <button
            type="button"
            className="small"
            onClick={() => zoomAt(1.25, size.width / 2, size.height / 2)}
            aria-label="Zoom in"
            title="Zoom in (+)"
          >
            +
          </button>
          <button
            type="button"
            className="small"
            onClick={() => zoomAt(0.8, size.width / 2, size.height / 2)}
            aria-label="Zoom out"
            title="Zoom out (−)"
          >
            −
          </button>
          <button type="button" className="small" onClick={changeDirection} title="Lay the graph out the other way">
            {direction === 'LR' ? 'Left → right' : 'Top → down'}
          </button>
        </div>
      </div>
      <GraphLegend showStatus={showStatus} />
    </div>
  );
}
