import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFlowchart, type FlowIssueCode } from './check.js';
import { FlowchartSchema, limitText, type Flowchart, type FlowStep } from './model.js';

type Kind = FlowStep['kind'];
function step(id: string, kind: Kind, name: string, role: string, limitDays: number | null, next: [string, string?][] = []): FlowStep {
  return { id, kind, name, role, limitDays, limitNote: '', materials: '', result: '', next: next.map(([to, label]) => ({ to, label: label ?? '' })) };
}

/** 申请 → 受理 (材料齐全 / 不齐全 → 补正 → back to 受理) → 审查 → 决定 (准予 → 送达 → 办结; 不予 → 办结). */
function licensingChart(): Flowchart {
  return {
    steps: [
      step('s1', 'start', '申请', '申请人', null, [['s2']]),
      step('s2', 'decision', '受理', '窗口受理人员', 5, [
        ['s4', '材料齐全'],
        ['s3', '材料不齐全'],
      ]),
      step('s3', 'task', '补正', '窗口受理人员', 0, [['s2', '补正后']]),
      step('s4', 'task', '审查', '审批科室', 10, [['s5']]),
      step('s5', 'decision', '决定', '分管负责人', 3, [
        ['s6', '准予'],
        ['s7', '不予'],
      ]),
      step('s6', 'task', '送达', '窗口人员', 2, [['s7']]),
      step('s7', 'end', '办结', '', null),
    ],
  };
}

/** A copy of the valid chart changed by `f`. */
function variant(f: (steps: FlowStep[]) => void): Flowchart {
  const c = structuredClone(licensingChart());
  f(c.steps);
  return c;
}
const at = (steps: FlowStep[], id: string) => steps.find((s) => s.id === id)!;

describe('checkFlowchart: the valid licensing chart', () => {
  it('has no errors and no warnings, and its longest path counts the 补正 loop once', () => {
    const r = checkFlowchart(licensingChart(), { statutoryDays: 20 });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings, []);
    // 受理 5 + 审查 10 + 决定 3 + 送达 2 = 20 (补正 0 and the back edge to 受理 not repeated).
    assert.equal(r.longestDays, 20);
    assert.deepEqual(r.longestPath, ['s1', 's2', 's4', 's5', 's6', 's7']);
  });

  it('passes the structural schema', () => {
    const parsed = FlowchartSchema.safeParse(licensingChart());
    assert.equal(parsed.success, true);
  });
});

describe('checkFlowchart: one error per malformed kind', () => {
  const CASES: { why: string; chart: Flowchart; code: FlowIssueCode; stepId: string | null; mentions: string[] }[] = [
    {
      why: 'no start step',
      chart: variant((s) => (at(s, 's1').kind = 'task')),
      code: 'NO_START',
      stepId: null,
      mentions: ['缺少开始环节'],
    },
    {
      why: 'two start steps',
      chart: variant((s) => s.push(step('s8', 'start', '另一开始', '', null, [['s4']]))),
      code: 'MULTIPLE_START',
      stepId: 's8',
      mentions: ['第 8 步“另一开始”', '第 1 步“申请”'],
    },
    {
      why: 'no end step',
      chart: variant((s) => {
        at(s, 's7').kind = 'task';
        at(s, 's7').role = '档案员';
        at(s, 's7').limitDays = 1;
        at(s, 's7').next = [{ to: 's6', label: '' }];
      }),
      code: 'NO_END',
      stepId: null,
      mentions: ['缺少结束环节'],
    },
    {
      why: 'a branch to an unknown step',
      chart: variant((s) => (at(s, 's4').next = [{ to: 's99', label: '' }])),
      code: 'UNKNOWN_TARGET',
      stepId: 's4',
      mentions: ['第 4 步“审查”', '“s99”'],
    },
    {
      why: 'a duplicate id',
      chart: variant((s) => s.push(step('s3', 'task', '重复的补正', '窗口', 1, [['s7']]))),
      code: 'DUPLICATE_ID',
      stepId: 's3',
      mentions: ['第 8 步“重复的补正”', '第 3 步“补正”'],
    },
    {
      why: 'a branch to itself',
      chart: variant((s) => at(s, 's4').next.push({ to: 's4', label: '' })),
      code: 'SELF_LOOP',
      stepId: 's4',
      mentions: ['第 4 步“审查”', '第 2 个分支'],
    },
    {
      why: 'a step nothing leads to (dangling step)',
      chart: variant((s) => s.splice(4, 0, step('x1', 'task', '孤立环节', '科员', 1, [['s7']]))),
      code: 'UNREACHABLE',
      stepId: 'x1',
      mentions: ['第 5 步“孤立环节”'],
    },
    {
      why: 'a step whose path leads to a step without a way to the end',
      chart: variant((s) => {
        s.push(step('x1', 'task', '会商', '科员', 1, [['x2']]), step('x2', 'task', '会签', '科员', 1));
        at(s, 's5').next.push({ to: 'x1', label: '会商' });
      }),
      code: 'NO_EXIT',
      stepId: 'x1',
      mentions: ['第 8 步“会商”', '无法到达任何结束环节'],
    },
    {
      why: 'a cycle without exit',
      chart: variant((s) => {
        s.push(step('c1', 'task', '初审', '科员', 1, [['c2']]), step('c2', 'task', '复核', '科长', 1, [['c3']]), step('c3', 'task', '再审', '科员', 1, [['c1']]));
        at(s, 's5').next.push({ to: 'c1', label: '退回重审' });
      }),
      code: 'CYCLE_NO_EXIT',
      stepId: 'c1',
      mentions: ['第 8 步“初审”', '第 9 步“复核”', '第 10 步“再审”', '“初审” → “复核” → “再审” → “初审”', '没有通往结束环节的出口'],
    },
    {
      why: 'a decision with one branch',
      chart: variant((s) => (at(s, 's5').next = [{ to: 's6', label: '准予' }])),
      code: 'DECISION_BRANCHES',
      stepId: 's5',
      mentions: ['第 5 步“决定”', '至少需要两个分支'],
    },
    {
      why: 'a decision branch without a label',
      chart: variant((s) => (at(s, 's5').next[1]!.label = '  ')),
      code: 'BRANCH_LABEL_MISSING',
      stepId: 's5',
      mentions: ['第 5 步“决定”', '第 2 个分支'],
    },
    {
      why: 'two decision branches with the same label',
      chart: variant((s) => (at(s, 's2').next[1]!.label = '材料齐全')),
      code: 'BRANCH_LABEL_DUPLICATE',
      stepId: 's2',
      mentions: ['第 2 步“受理”', '“材料齐全”'],
    },
    {
      why: 'a task without role',
      chart: variant((s) => (at(s, 's4').role = '')),
      code: 'ROLE_MISSING',
      stepId: 's4',
      mentions: ['第 4 步“审查”', '责任主体'],
    },
    {
      why: 'a decision without time limit',
      chart: variant((s) => (at(s, 's5').limitDays = null)),
      code: 'LIMIT_MISSING',
      stepId: 's5',
      mentions: ['第 5 步“决定”', '办理时限'],
    },
    {
      why: 'a start step with an incoming branch',
      chart: variant((s) => (at(s, 's3').next = [{ to: 's1', label: '' }])),
      code: 'START_INCOMING',
      stepId: 's1',
      mentions: ['第 1 步“申请”', '第 3 步“补正”'],
    },
    {
      why: 'an end step with successors',
      chart: variant((s) => (at(s, 's7').next = [{ to: 's6', label: '' }])),
      code: 'END_OUTGOING',
      stepId: 's7',
      mentions: ['第 7 步“办结”', '不能有后续环节'],
    },
    {
      why: 'a task without any successor',
      chart: variant((s) => (at(s, 's6').next = [])),
      code: 'DEAD_END',
      stepId: 's6',
      mentions: ['第 6 步“送达”', '缺少后续环节'],
    },
  ];

  for (const c of CASES) {
    it(`${c.code}: ${c.why}`, () => {
      const r = checkFlowchart(c.chart, { statutoryDays: 100 });
      const hit = r.errors.filter((e) => e.code === c.code);
      assert.equal(hit.length, 1, `exactly one ${c.code} in ${JSON.stringify(r.errors, null, 1)}`);
      assert.equal(hit[0]!.stepId, c.stepId);
      for (const m of c.mentions) assert.ok(hit[0]!.message.includes(m), `“${hit[0]!.message}” should mention ${m}`);
      assert.ok(/[\u4e00-\u9fff]/.test(hit[0]!.message), 'the message is in Chinese');
    });
  }

  it('does not report the steps of a cycle without exit once more as NO_EXIT, and names each step of the cycle once', () => {
    const chart = CASES.find((c) => c.code === 'CYCLE_NO_EXIT')!.chart;
    const r = checkFlowchart(chart);
    assert.deepEqual(
      r.errors.map((e) => e.code),
      ['CYCLE_NO_EXIT'],
    );
    assert.equal(r.longestDays, null);
  });

  it('a dangling step is reported with its position in the list', () => {
    const r = checkFlowchart(variant((s) => s.push(step('x9', 'task', '归档', '档案员', 1, [['s7']]))));
    assert.deepEqual(
      r.errors.map((e) => [e.code, e.message]),
      [['UNREACHABLE', '第 8 步“归档”：从开始环节无法到达此环节，请检查连接。']],
    );
  });

  it('a cycle with an exit (the 补正 loop) is not an error', () => {
    const r = checkFlowchart(licensingChart());
    assert.equal(
      r.errors.some((e) => e.code === 'CYCLE_NO_EXIT' || e.code === 'NO_EXIT'),
      false,
    );
  });
});

describe('checkFlowchart: the longest path against the statutory limit', () => {
  it('warns when the statutory limit is below the sum along the longest path, naming the path', () => {
    const r = checkFlowchart(licensingChart(), { statutoryDays: 15 });
    assert.equal(r.warnings.length, 1);
    const w = r.warnings[0]!;
    assert.equal(w.code, 'OVER_STATUTORY_LIMIT');
    assert.ok(w.message.startsWith('按流程最长路径计，办理时限合计 20 个工作日，超过法定时限 15 个工作日。'), w.message);
    assert.ok(w.message.includes('“申请” → “受理” → “审查” → “决定” → “送达” → “办结”'), w.message);
  });

  it('does not warn at or above the sum, nor without a statutory limit', () => {
    for (const statutoryDays of [20, 21, 60, null, undefined]) {
      assert.deepEqual(checkFlowchart(licensingChart(), { statutoryDays }).warnings, [], `statutoryDays ${String(statutoryDays)}`);
    }
  });

  it('takes the heavier branch of a decision', () => {
    const chart = variant((s) => (at(s, 's5').next = [{ to: 's7', label: '不予' }, { to: 's6', label: '准予' }]));
    const r = checkFlowchart(chart, { statutoryDays: 19 });
    assert.equal(r.longestDays, 20);
    assert.deepEqual(r.longestPath, ['s1', 's2', 's4', 's5', 's6', 's7']);
    assert.equal(r.warnings.length, 1);
  });

  it('counts a 补正 loop once however long the 补正 step is', () => {
    const chart = variant((s) => (at(s, 's3').limitDays = 30));
    const r = checkFlowchart(chart, { statutoryDays: 60 });
    // 申请 → 受理 → 补正 does not reach the end without going back to 受理: the back edge is left out.
    assert.equal(r.longestDays, 20);
  });

  it('gives no longest path when errors make it meaningless', () => {
    assert.equal(checkFlowchart(variant((s) => (at(s, 's4').limitDays = null)), { statutoryDays: 1 }).longestDays, null);
    assert.equal(checkFlowchart(variant((s) => (at(s, 's4').next = [{ to: 'zz', label: '' }])), { statutoryDays: 1 }).warnings.length, 0);
    // A missing role leaves the durations meaningful.
    assert.equal(checkFlowchart(variant((s) => (at(s, 's4').role = ''))).longestDays, 20);
  });
});

describe('FlowchartSchema and limitText', () => {
  it('rejects malformed structure with Chinese messages', () => {
    const bad = { steps: [{ id: 'S 1', kind: 'task', name: '', role: '', limitDays: 1.5, limitNote: '', materials: '', result: '', next: [] }] };
    const r = FlowchartSchema.safeParse(bad);
    assert.equal(r.success, false);
    const messages = (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    assert.ok(messages.some((m) => m.startsWith('steps.0.id: 环节编号')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('steps.0.name: 请填写环节名称')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('steps.0.limitDays: 办理时限应为整数')), messages.join('\n'));
    assert.equal(FlowchartSchema.safeParse({ steps: [] }).error?.issues[0]?.message, '流程图至少需要一个环节。');
  });

  it('writes the time limit in words', () => {
    assert.equal(limitText({ limitDays: 5, limitNote: '' }), '5个工作日');
    assert.equal(limitText({ limitDays: 5, limitNote: '自受理之日起' }), '5个工作日（自受理之日起）');
    assert.equal(limitText({ limitDays: 0, limitNote: '' }), '当场办结');
    assert.equal(limitText({ limitDays: 0, limitNote: '当场' }), '当场');
    assert.equal(limitText({ limitDays: null, limitNote: '' }), '');
  });
});
