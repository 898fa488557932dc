/** The pieces of the step graph: one step's box, and the legend under the graph. */
import type { KeyboardEvent } from 'react';
import { statusClass, statusLabel } from '../components/status';
import { NODE_HEIGHT, NODE_WIDTH } from './layout';
import type { StepInfo } from './model';

/** `name` cut to about `max` characters. */
function shorten(name: string, max: number): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}

export interface StepNodeProps {
  readonly step: StepInfo;
  readonly x: number;
  readonly y: number;
  readonly status: string | undefined;
  readonly showStatus: boolean;
  readonly detailed: boolean;
  readonly selected: boolean;
  readonly onSelect: (name: string) => void;
}

/** One step: a box with its name, type and (on an execution) status, focusable and selectable. */
export function StepNode({ step, x, y, status, showStatus, detailed, selected, onSelect }: StepNodeProps) {
  const words = showStatus ? statusLabel(status) : undefined;
  const onKeyDown = (event: KeyboardEvent<SVGGElement>): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      event.stopPropagation();
      onSelect(step.name);
    }
  };
  return (
    <g
      className={`node ${showStatus ? statusClass(status) : 'status-plain'}${selected ? ' selected' : ''}`}
      transform={`translate(${x - NODE_WIDTH / 2},${y - NODE_HEIGHT / 2})`}
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      aria-label={`Step ${step.name}, ${step.type}${words ? `, ${words}` : ''}`}
      data-step={step.name}
      data-status={showStatus ? (status ?? 'NotReached') : undefined}
      onClick={() => onSelect(step.name)}
      onKeyDown={onKeyDown}
    >
      <title>{`${step.name} (${step.type})${words ? ` — ${words}` : ''}`}</title>
      <rect className="node-box" width={NODE_WIDTH} height={NODE_HEIGHT} rx={8} />
      <rect className="node-stripe" width={6} height={NODE_HEIGHT - 2} x={1} y={1} rx={3} />
      <text className="node-name" x={16} y={detailed ? 21 : 31}>
        {shorten(step.displayName ?? step.name, detailed ? 23 : 17)}
      </text>
      {detailed && (
        <text className="node-sub" x={16} y={39}>
          {step.type}
          {words && <tspan className="node-status">{` · ${words}`}</tspan>}
        </text>
      )}
    </g>
  );
}

/** What the colours and lines mean. */
export function GraphLegend({ showStatus }: { showStatus: boolean }) {
  const statuses = ['Starting', 'Executing', 'Stopping', 'Succeeded', 'Failed', 'Stopped', undefined];
  return (
    <div className="graph-legend" aria-hidden="true">
      {showStatus &&
        statuses.map((s) => (
          <span key={s ?? 'none'} className={`legend-item ${statusClass(s)}`}>
            <span className="legend-swatch" />
            {statusLabel(s)}
          </span>
        ))}
      <span className="legend-item">
        <svg width="28" height="8">
          <line x1="0" y1="4" x2="28" y2="4" className="edge edge-depends" />
        </svg>
        DependsOn
      </span>
      <span className="legend-item">
        <svg width="28" height="8">
          <line x1="0" y1="4" x2="28" y2="4" className="edge edge-data" />
        </svg>
        property reference
      </span>
      <span className="legend-item">
        <svg width="28" height="8">
          <line x1="0" y1="4" x2="28" y2="4" className="edge edge-true" />
        </svg>
        true branch
      </span>
      <span className="legend-item">
        <svg width="28" height="8">
          <line x1="0" y1="4" x2="28" y2="4" className="edge edge-false" />
        </svg>
        false branch
      </span>
    </div>
  );
}
