/** 运行流程图: the model, its checks, automatic layout, SVG, text version and PDF. */
export {
  FlowchartSchema,
  FlowStepSchema,
  FlowBranchSchema,
  STEP_KINDS,
  STEP_KIND_LABELS,
  MAX_STEPS,
  MAX_BRANCHES,
  STEP_ID_PATTERN,
  limitText,
  readingOrder,
  stepLabel,
  type Flowchart,
  type FlowStep,
  type FlowBranch,
  type StepKind,
} from './model.js';
export { checkFlowchart, FLOW_ISSUE_CODES, type FlowCheck, type FlowIssue, type FlowIssueCode } from './check.js';
export { layoutFlowchart, FLOW_STYLE, type FlowLayout, type FlowNodeLayout, type FlowEdgeLayout, type FlowEdgeLabel, type FlowTextLine, type FlowPoint, type FlowShape } from './layout.js';
export { renderFlowchartSvg, flowchartOutline, flowchartSummary, escapeXml, type SvgOptions, type OutlineEntry, type OutlineBranch } from './render.js';
export { FlowchartText } from './outline.js';
export { flowchartPdf, type FlowchartPdfOptions } from './pdf.js';
