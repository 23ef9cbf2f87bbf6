/**
 * The 运行流程图 of an administrative power or a service guide: a list of steps (环节) linked by
 * branches. The list order is the author's; the reading order (breadth first from the start) is
 * what the text version and the numbering shown to the public follow.
 *
 * `FlowchartSchema` checks only the shape of the data (lengths, ranges, id format); whether the
 * steps form a sound process (one start, an end reachable from everywhere, labelled decisions…)
 * is `checkFlowchart` in check.ts.
 */
import { z } from 'zod';

export type StepKind = 'start' | 'task' | 'decision' | 'end';

export const STEP_KINDS = ['start', 'task', 'decision', 'end'] as const satisfies readonly StepKind[];

/** 环节类型 as shown to people. */
export const STEP_KIND_LABELS: Record<StepKind, string> = { start: '开始', task: '办理环节', decision: '判断', end: '结束' };

/** A successor: `to` is another step's id; the label is required for the branches of a decision. */
export interface FlowBranch {
  to: string;
  label: string;
}

export interface FlowStep {
  /** Stable key inside the chart, e.g. `s1`. */
  id: string;
  kind: StepKind;
  /** 环节名称. */
  name: string;
  /** 责任主体/岗位, e.g. 窗口受理人员. */
  role: string;
  /** 时限 in working days (0 = 当场/即时), null when not given. */
  limitDays: number | null;
  /** Free text shown beside the limit, e.g. "当场" or "自受理之日起". */
  limitNote: string;
  /** 材料. */
  materials: string;
  /** 结果. */
  result: string;
  next: FlowBranch[];
}

export interface Flowchart {
  steps: FlowStep[];
}

export const MAX_STEPS = 60;
export const MAX_BRANCHES = 6;
export const STEP_ID_PATTERN = /^[a-z0-9-]{1,20}$/;

/** Control characters (other than tab and line breaks) have no place in the text of a chart. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function text(label: string, min: number, max: number) {
  let s = z.string({ message: `${label}格式不正确。` }).trim();
  if (min > 0) s = s.min(min, `请填写${label}。`);
  return s.max(max, `${label}不能超过 ${max} 个字符。`).refine((v) => !CONTROL.test(v), `${label}含有不允许的控制字符，请删除后重试。`);
}

const StepId = z.string({ message: '环节编号格式不正确。' }).regex(STEP_ID_PATTERN, '环节编号只能由小写字母、数字和连字符组成，长度为 1 至 20 个字符。');

export const FlowBranchSchema = z.object({
  to: StepId,
  label: text('分支条件', 0, 20).default(''),
});

export const FlowStepSchema = z.object({
  id: StepId,
  kind: z.enum(STEP_KINDS, { message: '环节类型只能是开始、办理环节、判断或结束。' }),
  name: text('环节名称', 1, 40),
  role: text('责任主体', 0, 40).default(''),
  limitDays: z
    .number({ message: '办理时限应为工作日数。' })
    .int('办理时限应为整数个工作日。')
    .min(0, '办理时限不能为负数。')
    .max(365, '办理时限不能超过 365 个工作日。')
    .nullable()
    .default(null),
  limitNote: text('时限说明', 0, 40).default(''),
  materials: text('所需材料', 0, 300).default(''),
  result: text('办理结果', 0, 200).default(''),
  next: z.array(FlowBranchSchema, { message: '后续环节格式不正确。' }).max(MAX_BRANCHES, `每个环节最多有 ${MAX_BRANCHES} 个后续环节。`).default([]),
});

/** The structure of a chart (lengths, ranges, id format), with Chinese messages. */
export const FlowchartSchema = z.object({
  steps: z
    .array(FlowStepSchema, { message: '流程图格式不正确。' })
    .min(1, '流程图至少需要一个环节。')
    .max(MAX_STEPS, `流程图最多有 ${MAX_STEPS} 个环节。`),
});

// The schema's output is exactly the model (checked at compile time).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesModel: Same<z.output<typeof FlowchartSchema>, Flowchart> = true;
void _schemaMatchesModel;

/** "第 3 步“审查”" — a step named by its 1-based position in the list. */
export function stepLabel(chart: Flowchart, index: number): string {
  return `第 ${index + 1} 步“${chart.steps[index]?.name ?? ''}”`;
}

/**
 * The time limit in words: "5个工作日（自受理之日起）", "当场办结", the note alone when no number
 * is given, or '' when there is nothing to say.
 */
export function limitText(step: Pick<FlowStep, 'limitDays' | 'limitNote'>): string {
  const note = step.limitNote.trim();
  if (step.limitDays === null) return note;
  if (step.limitDays === 0) return note === '' ? '当场办结' : /当场|即时|即办/.test(note) ? note : `当场办结（${note}）`;
  return note === '' ? `${step.limitDays}个工作日` : `${step.limitDays}个工作日（${note}）`;
}

/** Index of each id's first step (later duplicates are ignored: checkFlowchart reports them). */
export function indexById(chart: Flowchart): Map<string, number> {
  const byId = new Map<string, number>();
  chart.steps.forEach((s, i) => {
    if (!byId.has(s.id)) byId.set(s.id, i);
  });
  return byId;
}

/**
 * Step indexes in reading order: breadth first from the (first) start step following the branches
 * in their order, then the steps not reached from there in list order, so that nothing is lost.
 */
export function readingOrder(chart: Flowchart): number[] {
  const byId = indexById(chart);
  const seen = new Set<number>();
  const order: number[] = [];
  const startIndex = chart.steps.findIndex((s) => s.kind === 'start');
  const queue: number[] = [startIndex >= 0 ? startIndex : 0];
  if (chart.steps.length === 0) return order;
  seen.add(queue[0]!);
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q]!;
    order.push(i);
    for (const b of chart.steps[i]!.next) {
      const j = byId.get(b.to);
      if (j !== undefined && !seen.has(j)) {
        seen.add(j);
        queue.push(j);
      }
    }
  }
  chart.steps.forEach((_, i) => {
    if (!seen.has(i)) order.push(i);
  });
  return order;
}
