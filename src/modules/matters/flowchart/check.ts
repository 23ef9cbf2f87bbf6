/**
 * Whether a chart describes a sound process: one start, every step reachable from it, an end
 * reachable from every step, labelled decisions, a role and a time limit on every step that does
 * work. Errors block publication; warnings (the longest path exceeding the statutory limit) are
 * shown to the author. Every message names the step by its position in the list and its name.
 *
 * The graph has at most 60 steps and 6 branches each, so everything here is linear in its size
 * (breadth-first searches, Tarjan's strongly connected components, one depth-first search and a
 * longest path over the resulting acyclic graph).
 */
import { indexById, stepLabel, type Flowchart } from './model.js';

export interface FlowIssue {
  code: FlowIssueCode;
  /** The step concerned (its id), or null for the chart as a whole. */
  stepId: string | null;
  message: string;
}

export const FLOW_ISSUE_CODES = [
  'NO_START',
  'MULTIPLE_START',
  'NO_END',
  'DUPLICATE_ID',
  'UNKNOWN_TARGET',
  'SELF_LOOP',
  'UNREACHABLE',
  'NO_EXIT',
  'CYCLE_NO_EXIT',
  'DECISION_BRANCHES',
  'BRANCH_LABEL_MISSING',
  'BRANCH_LABEL_DUPLICATE',
  'ROLE_MISSING',
  'LIMIT_MISSING',
  'START_INCOMING',
  'END_OUTGOING',
  'DEAD_END',
  'OVER_STATUTORY_LIMIT',
] as const;
export type FlowIssueCode = (typeof FLOW_ISSUE_CODES)[number];

export interface FlowCheck {
  errors: FlowIssue[];
  warnings: FlowIssue[];
  /** Working days along the longest path from the start to an end; null when errors make it meaningless. */
  longestDays: number | null;
  /** The step ids of that path (empty when longestDays is null). */
  longestPath: string[];
}

/** Errors that leave the longest path well defined (they concern wording, not the graph or the limits). */
const HARMLESS_FOR_DURATION: ReadonlySet<FlowIssueCode> = new Set(['ROLE_MISSING', 'BRANCH_LABEL_MISSING', 'BRANCH_LABEL_DUPLICATE', 'DECISION_BRANCHES', 'UNREACHABLE']);

export function checkFlowchart(chart: Flowchart, opts: { statutoryDays?: number | null | undefined } = {}): FlowCheck {
  const steps = chart.steps;
  const n = steps.length;
  const errors: FlowIssue[] = [];
  const warnings: FlowIssue[] = [];
  const at = (i: number) => stepLabel(chart, i);
  const err = (code: FlowIssueCode, i: number | null, message: string) => errors.push({ code, stepId: i === null ? null : (steps[i]?.id ?? null), message });

  // Ids: the first step with an id owns it; later ones are reported and left out of the graph.
  const byId = indexById(chart);
  const duplicate = new Set<number>();
  steps.forEach((s, i) => {
    const first = byId.get(s.id)!;
    if (first !== i) {
      duplicate.add(i);
      err('DUPLICATE_ID', i, `${at(i)}：环节编号“${s.id}”与${at(first)}重复。`);
    }
  });

  // Kinds.
  const starts = steps.flatMap((s, i) => (s.kind === 'start' && !duplicate.has(i) ? [i] : []));
  const ends = steps.flatMap((s, i) => (s.kind === 'end' && !duplicate.has(i) ? [i] : []));
  if (starts.length === 0) err('NO_START', null, '流程图缺少开始环节。');
  for (const i of starts.slice(1)) err('MULTIPLE_START', i, `${at(i)}：流程图只能有一个开始环节，${at(starts[0]!)}已是开始环节。`);
  if (ends.length === 0) err('NO_END', null, '流程图缺少结束环节。');

  // The graph: successors and predecessors by index, without dangling links and self-loops.
  const succ: number[][] = steps.map(() => []);
  const pred: number[][] = steps.map(() => []);
  steps.forEach((s, i) => {
    if (duplicate.has(i)) return;
    s.next.forEach((b, k) => {
      const j = byId.get(b.to);
      if (j === undefined) err('UNKNOWN_TARGET', i, `${at(i)}：第 ${k + 1} 个分支指向不存在的环节“${b.to}”。`);
      else if (j === i) err('SELF_LOOP', i, `${at(i)}：第 ${k + 1} 个分支指向本环节自身。`);
      else if (!succ[i]!.includes(j)) {
        succ[i]!.push(j);
        pred[j]!.push(i);
      }
    });
  });

  // Per step: what its kind requires.
  steps.forEach((s, i) => {
    if (duplicate.has(i)) return;
    if (s.kind === 'task' || s.kind === 'decision') {
      if (s.role.trim() === '') err('ROLE_MISSING', i, `${at(i)}：请填写责任主体（办理岗位或人员）。`);
      if (s.limitDays === null) err('LIMIT_MISSING', i, `${at(i)}：请填写办理时限（工作日数，当场办结填 0）。`);
    }
    if (s.kind === 'decision') {
      if (s.next.length < 2) err('DECISION_BRANCHES', i, `${at(i)}：判断环节至少需要两个分支，现有 ${s.next.length} 个。`);
      const seen = new Map<string, number>();
      s.next.forEach((b, k) => {
        const label = b.label.trim();
        if (label === '') {
          err('BRANCH_LABEL_MISSING', i, `${at(i)}：第 ${k + 1} 个分支缺少条件说明（如“符合”“不符合”）。`);
          return;
        }
        const other = seen.get(label);
        if (other !== undefined) err('BRANCH_LABEL_DUPLICATE', i, `${at(i)}：第 ${other + 1} 个和第 ${k + 1} 个分支的条件都是“${label}”，请加以区分。`);
        else seen.set(label, k);
      });
    }
    if (s.kind === 'start' && pred[i]!.length > 0) {
      err('START_INCOMING', i, `${at(i)}：开始环节不能有来自其他环节的分支（来自${pred[i]!.map(at).join('、')}）。`);
    }
    if (s.kind === 'end' && s.next.length > 0) err('END_OUTGOING', i, `${at(i)}：结束环节不能有后续环节。`);
    if (s.kind !== 'end' && s.next.length === 0) err('DEAD_END', i, `${at(i)}：缺少后续环节，请连接到下一环节或结束环节。`);
  });

  // Reachable from the start (from every start when there are several, so as not to repeat that error).
  const fromStart = search(starts, succ, n);
  if (starts.length > 0) {
    steps.forEach((_, i) => {
      if (!fromStart[i] && !duplicate.has(i)) err('UNREACHABLE', i, `${at(i)}：从开始环节无法到达此环节，请检查连接。`);
    });
  }

  // An end reachable from every step; the steps of a cycle that cannot reach one are named together.
  if (ends.length > 0) {
    const toEnd = search(ends, pred, n);
    const component = stronglyConnected(succ);
    const reported = new Set<number>();
    steps.forEach((_, i) => {
      if (toEnd[i] || duplicate.has(i) || reported.has(i)) return;
      const members = component.members[component.of[i]!]!;
      if (members.length > 1) {
        members.forEach((m) => reported.add(m));
        const cycle = cycleThrough(i, succ, new Set(members));
        const path = [...cycle, i].map((j) => `“${steps[j]!.name}”`).join(' → ');
        const others = members.filter((m) => !cycle.includes(m));
        err(
          'CYCLE_NO_EXIT',
          i,
          `${at(i)}：与${cycle.slice(1).map(at).join('、')}构成循环（${path}），循环中没有通往结束环节的出口。` +
            (others.length > 0 ? `同一循环还涉及${others.map(at).join('、')}。` : ''),
        );
      } else if (steps[i]!.next.length > 0) {
        err('NO_EXIT', i, `${at(i)}：从此环节出发无法到达任何结束环节。`);
      }
    });
  }

  // The longest path, when the graph and the limits mean something.
  let longestDays: number | null = null;
  let longestPath: string[] = [];
  if (starts.length === 1 && ends.length > 0 && errors.every((e) => HARMLESS_FOR_DURATION.has(e.code))) {
    const best = longestFrom(starts[0]!, succ, steps.map((s) => s.limitDays ?? 0), new Set(ends));
    if (best) {
      longestDays = best.days;
      longestPath = best.path.map((i) => steps[i]!.id);
      const statutory = opts.statutoryDays;
      if (statutory !== undefined && statutory !== null && best.days > statutory) {
        warnings.push({
          code: 'OVER_STATUTORY_LIMIT',
          stepId: null,
          message: `按流程最长路径计，办理时限合计 ${best.days} 个工作日，超过法定时限 ${statutory} 个工作日。最长路径：${best.path.map((i) => `“${steps[i]!.name}”`).join(' → ')}。`,
        });
      }
    }
  }
  return { errors, warnings, longestDays, longestPath };
}

/** Breadth-first search from the sources along `adj`: which nodes are reached. */
function search(sources: number[], adj: number[][], n: number): boolean[] {
  const seen = new Array<boolean>(n).fill(false);
  const queue = [...sources];
  for (const s of sources) seen[s] = true;
  for (let q = 0; q < queue.length; q++) {
    for (const j of adj[queue[q]!]!) {
      if (!seen[j]) {
        seen[j] = true;
        queue.push(j);
      }
    }
  }
  return seen;
}

/** Tarjan's strongly connected components (iterative); members listed in list order. */
function stronglyConnected(succ: number[][]): { of: number[]; members: number[][] } {
  const n = succ.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const of = new Array<number>(n).fill(-1);
  const members: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const frames: { v: number; k: number }[] = [{ v: root, k: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (frames.length > 0) {
      const f = frames[frames.length - 1]!;
      const next = succ[f.v]![f.k++];
      if (next !== undefined) {
        if (index[next] === -1) {
          index[next] = low[next] = counter++;
          stack.push(next);
          onStack[next] = true;
          frames.push({ v: next, k: 0 });
        } else if (onStack[next]) low[f.v] = Math.min(low[f.v]!, index[next]!);
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent.v] = Math.min(low[parent.v]!, low[f.v]!);
      if (low[f.v] === index[f.v]) {
        const c: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          of[w] = members.length;
          c.push(w);
        } while (w !== f.v);
        members.push(c.sort((a, b) => a - b));
      }
    }
  }
  return { of, members };
}

/** A shortest cycle through `v` inside `within` (breadth first), as the list of its nodes from v. */
function cycleThrough(v: number, succ: number[][], within: Set<number>): number[] {
  const parent = new Map<number, number>();
  const queue = [v];
  for (let q = 0; q < queue.length; q++) {
    const u = queue[q]!;
    for (const w of succ[u]!) {
      if (!within.has(w)) continue;
      if (w === v) {
        const path = [u];
        for (let p = u; p !== v; ) path.push((p = parent.get(p)!));
        return path.reverse();
      }
      if (!parent.has(w) && w !== v) {
        parent.set(w, u);
        queue.push(w);
      }
    }
  }
  return [v];
}

/**
 * The heaviest path from the start to an end, weights on the nodes. Back edges of a depth-first
 * search from the start (a 补正 loop back to 受理) are left out, so loops that have an exit count
 * once; what remains is acyclic and its longest path is a dynamic programme in post-order.
 */
function longestFrom(start: number, succ: number[][], days: number[], ends: Set<number>): { days: number; path: number[] } | null {
  const n = succ.length;
  const state = new Array<0 | 1 | 2>(n).fill(0); // 0 unseen, 1 on the stack, 2 done
  const best = new Array<number | null>(n).fill(null);
  const via = new Array<number>(n).fill(-1);
  const frames: { v: number; k: number }[] = [{ v: start, k: 0 }];
  state[start] = 1;
  while (frames.length > 0) {
    const f = frames[frames.length - 1]!;
    const w = succ[f.v]![f.k++];
    if (w !== undefined) {
      if (state[w] === 0) {
        state[w] = 1;
        frames.push({ v: w, k: 0 });
      }
      continue; // a back edge (state 1) is ignored; a finished node (state 2) is read below
    }
    frames.pop();
    state[f.v] = 2;
    let tail: number | null = ends.has(f.v) ? 0 : null;
    for (const w2 of succ[f.v]!) {
      // A successor still on the stack (state 1) is a back edge; a finished one is part of the acyclic graph.
      const b = state[w2] === 2 ? best[w2]! : null;
      if (b !== null && (tail === null || b > tail)) {
        tail = b;
        via[f.v] = w2;
      }
    }
    best[f.v] = tail === null ? null : tail + (days[f.v] ?? 0);
  }
  if (best[start] === null) return null;
  const path = [start];
  for (let v = start; via[v] !== -1 && !ends.has(v); ) path.push((v = via[v]!));
  return { days: best[start]!, path };
}
