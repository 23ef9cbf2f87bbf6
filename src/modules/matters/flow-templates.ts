import type { Flowchart } from './flowchart/index.js';

const step = (id: string, kind: 'start' | 'task' | 'decision' | 'end', name: string, role: string, limitDays: number | null, next: [string, string][], extra: { limitNote?: string; materials?: string; result?: string } = {}) => ({
  id,
  kind,
  name,
  role,
  limitDays,
  limitNote: extra.limitNote ?? '',
  materials: extra.materials ?? '',
  result: extra.result ?? '',
  next: next.map(([to, label]) => ({ to, label })),
});

/**
 * Starting points for the flowchart editor: the statutory procedures of 行政许可 (行政许可法
 * Arts. 32, 42, 44) and 行政处罚 (行政处罚法 Arts. 54–67, general procedure). Editors adapt them.
 */
export const FLOW_TEMPLATES: Record<string, { label: string; chart: Flowchart }> = {
  licence: {
    label: '行政许可（受理—审查—决定—送达）',
    chart: {
      steps: [
        step('s1', 'start', '申请人提出申请', '申请人', null, [['s2', '']], { materials: '申请书及办事指南所列材料' }),
        step('s2', 'decision', '受理', '窗口受理人员', 5, [['s3', '材料齐全、符合法定形式'], ['s4', '材料不齐全或不符合法定形式'], ['s5', '不属于本机关职权范围']], { limitNote: '当场或 5 个工作日内', result: '受理通知书' }),
        step('s3', 'task', '审查', '承办科室', 8, [['s6', '']], { result: '审查意见' }),
        step('s4', 'task', '一次性告知补正', '窗口受理人员', 0, [['s2', '']], { limitNote: '当场', result: '补正材料通知书' }),
        step('s5', 'end', '不予受理并告知', '窗口受理人员', null, [], { result: '不予受理通知书' }),
        step('s6', 'decision', '决定', '分管领导', 2, [['s7', '准予许可'], ['s8', '不予许可']]),
        step('s7', 'task', '制证送达', '窗口人员', 5, [['s9', '']], { result: '许可证件' }),
        step('s8', 'end', '作出不予许可决定并说明理由、告知救济途径', '承办科室', null, [], { result: '不予许可决定书' }),
        step('s9', 'end', '办结', '窗口人员', null, []),
      ],
    },
  },
  penalty: {
    label: '行政处罚（一般程序）',
    chart: {
      steps: [
        step('s1', 'start', '发现违法线索', '执法人员', null, [['s2', '']]),
        step('s2', 'task', '立案', '执法科室负责人', 7, [['s3', '']]),
        step('s3', 'task', '调查取证', '两名以上执法人员', 30, [['s4', '']], { result: '调查终结报告' }),
        step('s4', 'task', '审查（法制审核）', '法制审核机构', 10, [['s5', '']]),
        step('s5', 'decision', '告知陈述、申辩和听证权利', '执法科室', 5, [['s6', '当事人要求听证'], ['s7', '未要求听证']], { result: '行政处罚事先告知书' }),
        step('s6', 'task', '组织听证', '听证主持人', 20, [['s7', '']], { limitNote: '听证 7 日前通知' }),
        step('s7', 'task', '作出处罚决定', '行政机关负责人', 5, [['s8', '']], { result: '行政处罚决定书' }),
        step('s8', 'task', '送达', '执法人员', 7, [['s9', '']], { limitNote: '宣告后当场交付或 7 日内送达' }),
        step('s9', 'end', '执行并结案', '执法科室', null, []),
      ],
    },
  },
  simple: {
    label: '一般办理（申请—受理—办理—办结）',
    chart: {
      steps: [
        step('s1', 'start', '提出申请', '申请人', null, [['s2', '']]),
        step('s2', 'task', '受理', '窗口人员', 1, [['s3', '']]),
        step('s3', 'task', '办理', '承办人员', 3, [['s4', '']]),
        step('s4', 'end', '办结', '窗口人员', null, []),
      ],
    },
  },
};
