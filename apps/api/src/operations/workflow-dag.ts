import type { StepResult, WorkflowDefinition, WorkflowResult } from '@acb/workflows';

/** One step as the pages show it. */
export interface StepView {
  stepId: string;
  name: string;
  state: string;
  attempts: number;
  error?: string;
}

/** A run as the pages show it: its steps in definition order, the DAG as SVG, and whether it may still change. */
export interface RunView {
  runId: string;
  workflowId: string;
  state: string;
  finished: boolean;
  startedAt?: Date;
  finishedAt?: Date;
  error?: string;
  steps: StepView[];
  svg: string;
}

const FILL: Record<string, string> = {
  PENDING: '#eceef4',
  RUNNING: '#dce8ff',
  COMPLETED: '#d8f5df',
  FAILED: '#ffe0e0',
  SKIPPED: '#f3ead8',
  CANCELLED: '#f3ead8',
};
const STROKE: Record<string, string> = {
  PENDING: '#8890a6',
  RUNNING: '#1d48b8',
  COMPLETED: '#106b2b',
  FAILED: '#a0001c',
  SKIPPED: '#6b4a10',
  CANCELLED: '#6b4a10',
};
const NODE_W = 150;
const NODE_H = 44;
const GAP_X = 40;
const GAP_Y = 16;

/** The run of `definition` as the pages show it. */
export function runView(definition: WorkflowDefinition | undefined, run: WorkflowResult): RunView {
  const steps = (definition?.steps ?? Object.values(run.stepResults).map((result) => ({ stepId: result.stepId, name: result.stepId, dependsOn: [] as string[] }))).map((step) => {
    const result: StepResult | undefined = run.stepResults[step.stepId];
    return { stepId: step.stepId, name: step.name ?? step.stepId, state: result?.state ?? 'PENDING', attempts: result?.attempts ?? 0, error: result?.error?.message, dependsOn: step.dependsOn ?? [] };
  });
  return {
    runId: run.runId,
    workflowId: run.workflowId,
    state: run.state,
    finished: run.state === 'COMPLETED' || run.state === 'FAILED' || run.state === 'CANCELLED',
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    error: run.error?.message,
    steps: steps.map(({ dependsOn: _dependsOn, ...step }) => step),
    svg: dagSvg(steps),
  };
}

/**
 * The DAG as an SVG: a column per depth (longest dependency chain), a box per step filled by its state, an arrow per
 * dependency. Every text is escaped, so the SVG is safe to put in the page as is.
 */
export function dagSvg(steps: ReadonlyArray<{ stepId: string; name: string; state: string; dependsOn: readonly string[] }>): string {
  const byId = new Map(steps.map((step) => [step.stepId, step]));
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen: Set<string> = new Set()): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0;
    seen.add(id);
    const deps = byId.get(id)?.dependsOn.filter((dep) => byId.has(dep)) ?? [];
    const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((dep) => depthOf(dep, seen)));
    depth.set(id, value);
    return value;
  };
  const columns: string[][] = [];
  for (const step of steps) (columns[depthOf(step.stepId)] ??= []).push(step.stepId);
  const position = new Map<string, { x: number; y: number }>();
  columns.forEach((column, c) => column?.forEach((id, r) => position.set(id, { x: 10 + c * (NODE_W + GAP_X), y: 10 + r * (NODE_H + GAP_Y) })));
  const width = 20 + columns.length * (NODE_W + GAP_X) - GAP_X;
  const height = 20 + Math.max(1, ...columns.map((column) => column?.length ?? 0)) * (NODE_H + GAP_Y) - GAP_Y;
  const edges: string[] = [];
  const nodes: string[] = [];
  for (const step of steps) {
    const to = position.get(step.stepId)!;
    for (const dep of step.dependsOn) {
      const from = position.get(dep);
      if (from) edges.push(`<line x1="${from.x + NODE_W}" y1="${from.y + NODE_H / 2}" x2="${to.x}" y2="${to.y + NODE_H / 2}" stroke="#8890a6" stroke-width="1.5" marker-end="url(#arrow)"/>`);
    }
    const fill = FILL[step.state] ?? FILL.PENDING;
    const stroke = STROKE[step.state] ?? STROKE.PENDING;
    nodes.push(
      `<g class="dag-step" data-step="${escapeXml(step.stepId)}" data-state="${escapeXml(step.state)}">` +
        `<rect x="${to.x}" y="${to.y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>` +
        `<text x="${to.x + 8}" y="${to.y + 18}" font-weight="600">${escapeXml(truncate(step.name, 22))}</text>` +
        `<text x="${to.x + 8}" y="${to.y + 35}" fill="${stroke}">${escapeXml(step.state)}</text></g>`,
    );
  }
  return (
    `<svg class="dag" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="workflow steps">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#8890a6"/></marker></defs>` +
    edges.join('') +
    nodes.join('') +
    '</svg>'
  );
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
