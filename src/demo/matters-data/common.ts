/**
 * Building blocks of the demo 权责清单 and 办事指南 (src/demo/matters-data.ts): compact power and
 * guide specifications per department, the wording shared by every power of a category (责任事项,
 * 追责情形 and their bases), and a handful of flowchart templates whose step names, roles and time
 * limits each power sets for itself.
 */
import type { z } from 'zod';
import type { Flowchart, FlowStep, PowerContentSchema, ServiceContentSchema } from '#modules/matters/index.js';

export type { Flowchart, FlowStep };
export type PowerContentInput = z.input<typeof PowerContentSchema>;
export type ServiceContentInput = z.input<typeof ServiceContentSchema>;

/** 职权类别 codes (DEFAULT_POWER_CATEGORIES). */
export type Cat = 'XK' | 'CF' | 'QZ' | 'ZS' | 'JF' | 'JC' | 'QR' | 'JL' | 'CJ' | 'QT';

export const CAT_NAMES: Record<Cat, string> = {
  XK: '行政许可',
  CF: '行政处罚',
  QZ: '行政强制',
  ZS: '行政征收',
  JF: '行政给付',
  JC: '行政检查',
  QR: '行政确认',
  JL: '行政奖励',
  CJ: '行政裁决',
  QT: '其他行政权力',
};

/** One 设定依据: the law without 《》 and its article (null when the whole text applies). */
export type Law = readonly [law: string, article: string | null];

/** Government department level: a city bureau or a district one. */
export type Level = 'city' | 'district';

/** What a spec builder knows about the department it writes for. */
export interface Ctx {
  level: Level;
  /** Full name, e.g. 示范市教育局. */
  org: string;
  /** 示范市 or 东湖区: the government the department belongs to. */
  gov: string;
  /** The department's leader who signs decisions, e.g. 分管局领导. */
  leader: string;
}

/** A 申请材料 row: name, form (o 原件, c 复印件, b 原件和复印件, e 电子件), copies, required, note. */
export type Mat = readonly [name: string, form: 'o' | 'c' | 'b' | 'e', copies: number, required: boolean, note?: string];

/** A service guide of a government department, attached to the power it implements. */
export interface GuideSpec {
  /** Suffix of the guide's code after the power's code; '01' unless a power has several guides. */
  suffix?: string;
  /** Defaults to the power's name. */
  name?: string;
  audiences: readonly ('person' | 'legal' | 'other')[];
  instant?: boolean;
  conditions: string;
  quantity?: string | undefined;
  prohibitions?: string;
  mats: readonly Mat[];
  /** Defaults to the power's statutory and promised days. */
  days?: readonly [statutory: number | null, promised: number | null];
  limitNote?: string;
  /** Defaults to 不收费. */
  fees?: string;
  /** Window inside the department's service hall, e.g. 二楼 B 区社会事务窗口… */
  window?: string;
  /** …or a complete place of its own (name and address). */
  place?: string;
  result: string;
  delivery?: string;
  visits: number;
  appointment?: boolean;
  post?: boolean;
  faq: readonly (readonly [q: string, a: string])[];
  /** 'power': the guide shows the power's chart; a chart of its own; none when absent. */
  flow?: 'power' | Flowchart | undefined;
}

export interface PowerSpec {
  cat: Cat;
  name: string;
  sub?: readonly string[];
  basis: readonly Law[];
  div: string;
  /** Defaults per category (行政许可 20 / 10). */
  days?: readonly [statutory: number | null, promised: number | null];
  note?: string;
  fees?: string;
  nature?: 'statutory' | 'authorised' | 'entrusted';
  status?: readonly ['under_revision' | 'abolished', string];
  remarks?: string | undefined;
  /** Replaces the category's 责任事项 lines. */
  resp?: readonly string[];
  respBasis?: string;
  /** Added after the category's 追责情形 (before the closing catch-all line). */
  acct?: readonly string[];
  acctBasis?: string;
  flow?: Flowchart | undefined;
  guides?: readonly GuideSpec[] | undefined;
}

// ---------------------------------------------------------------------------------------------
// Category wording

const OTHER_DUTY = '其他法律法规规章文件规定应履行的责任。';
const OTHER_FAULT = '其他违反法律法规规章文件规定的行为。';
const DISCIPLINE = '《中华人民共和国公职人员政务处分法》第三十九条；《中华人民共和国公务员法》第五十九条';

interface CatText {
  resp: readonly string[];
  respBasis: string;
  acct: readonly string[];
  acctBasis: string;
  days: readonly [number | null, number | null];
  note: string | null;
}

export const CATEGORY_TEXT: Record<Cat, CatText> = {
  XK: {
    resp: [
      '受理责任：公示依法应当提交的材料目录和申请书示范文本，一次性告知需要补正的全部内容，依法作出受理或者不予受理的决定，不予受理的出具书面凭证并说明理由。',
      '审查责任：对申请材料进行审查并提出审查意见，需要对实质内容进行核实的，指派两名以上工作人员进行核查，申请事项直接关系他人重大利益的，告知利害关系人并听取意见。',
      '决定责任：在法定期限内作出准予或者不予行政许可的书面决定，不予许可的说明理由，并告知申请人享有依法申请行政复议或者提起行政诉讼的权利。',
      '送达责任：准予许可的，自作出决定之日起十日内颁发、送达许可证件，并依法公开许可结果。',
      '事后监管责任：通过书面检查、实地核查和“双随机、一公开”抽查等方式，对被许可人从事行政许可事项的活动实施监督检查。',
      OTHER_DUTY,
    ],
    respBasis: '《中华人民共和国行政许可法》第三十条、第三十二条、第三十四条、第三十六条、第三十七条、第三十八条、第四十四条、第六十一条',
    acct: [
      '对符合法定条件的行政许可申请不予受理的。',
      '不在办公场所公示依法应当公示的材料的。',
      '申请人提交的申请材料不齐全、不符合法定形式，不一次告知申请人必须补正的全部内容的。',
      '在受理、审查、决定过程中，未向申请人、利害关系人履行法定告知义务的。',
      '对不符合法定条件的申请人准予行政许可或者超越法定职权作出准予行政许可决定的。',
      '对符合法定条件的申请人不予行政许可或者不在法定期限内作出准予行政许可决定的。',
      '违法收取费用，或者索取、收受他人财物、谋取其他利益的。',
      '不依法履行监督职责或者监督不力，造成严重后果的。',
    ],
    acctBasis: '《中华人民共和国行政许可法》第七十二条至第七十七条；《中华人民共和国公职人员政务处分法》第三十九条',
    days: [20, 10],
    note: '自受理之日起计算，经负责人批准可延长十日；听证、检验、检测、专家评审时间不计入（《中华人民共和国行政许可法》第四十二条、第四十五条）',
  },
  CF: {
    resp: [
      '立案责任：对监督检查、投诉举报、上级交办、其他部门移送中发现的涉嫌违法行为进行审查，符合立案标准的及时立案。',
      '调查取证责任：执法人员不少于两人并出示执法证件，全面、客观、公正地调查收集证据，先行登记保存证据的在七日内作出处理决定。',
      '审查责任：对案件事实、证据、程序、法律适用、处罚种类和幅度以及当事人陈述申辩理由进行审查，重大执法决定经法制审核。',
      '告知责任：作出处罚决定前告知当事人拟作出处罚的内容及事实、理由、依据，并告知其陈述、申辩和要求听证的权利。',
      '决定责任：根据审查情况作出处理决定，情节复杂或者重大违法行为给予较重处罚的，由负责人集体讨论决定，制作行政处罚决定书。',
      '送达责任：行政处罚决定书在宣告后当场交付当事人，当事人不在场的在七日内依照民事诉讼法的有关规定送达。',
      '执行责任：监督当事人履行处罚决定，逾期不履行的依法加处罚款或者申请人民法院强制执行。',
      OTHER_DUTY,
    ],
    respBasis: '《中华人民共和国行政处罚法》第四十四条、第四十五条、第五十四条至第五十八条、第六十一条至第六十四条、第六十六条至第七十二条',
    acct: [
      '没有法定的行政处罚依据，或者擅自改变行政处罚种类、幅度的。',
      '违反法定的行政处罚程序的。',
      '对当事人进行处罚不使用罚款、没收财物单据或者使用非法定部门制发的罚款、没收财物单据的。',
      '将罚款、没收的违法所得或者财物截留、私分或者变相私分的。',
      '利用职务上的便利，索取或者收受他人财物、将收缴罚款据为己有的。',
      '对应当予以制止和处罚的违法行为不予制止、处罚，致使公民、法人或者其他组织的合法权益、公共利益和社会秩序遭受损害的。',
      '执法人员玩忽职守，对应当予以移送司法机关追究刑事责任的案件不移送的。',
    ],
    acctBasis: '《中华人民共和国行政处罚法》第七十六条至第八十三条；《中华人民共和国公职人员政务处分法》第三十九条',
    days: [null, null],
    note: '自立案之日起九十日内作出处罚决定，法律、法规、规章另有规定的从其规定（《中华人民共和国行政处罚法》第六十条）',
  },
  QZ: {
    resp: [
      '审批责任：实施前向行政机关负责人报告并经批准，情况紧急需要当场实施的，在二十四小时内向负责人报告并补办批准手续。',
      '告知责任：当场告知当事人采取行政强制措施的理由、依据以及当事人依法享有的权利、救济途径，听取当事人的陈述和申辩。',
      '实施责任：由两名以上执法人员实施，出示执法身份证件，制作现场笔录，查封、扣押的当场交付决定书和清单。',
      '处理责任：查封、扣押期限不超过三十日，情况复杂的经批准可以延长但不超过三十日，在期限内查清事实并作出处理决定。',
      '解除责任：对违法行为已经查清、不再需要采取强制措施或者期限届满的，及时解除并退还财物。',
      OTHER_DUTY,
    ],
    respBasis: '《中华人民共和国行政强制法》第十八条、第十九条、第二十四条、第二十五条、第二十七条、第二十八条',
    acct: [
      '没有法律、法规依据实施行政强制的。',
      '改变行政强制对象、条件、方式的。',
      '违反法定程序实施行政强制的。',
      '扩大查封、扣押范围，或者使用、损毁查封、扣押场所、设施或者财物的。',
      '在查封、扣押法定期间不作出处理决定或者未依法及时解除查封、扣押的。',
      '截留、私分或者变相私分查封、扣押的财物的。',
    ],
    acctBasis: '《中华人民共和国行政强制法》第六十一条至第六十八条；《中华人民共和国公职人员政务处分法》第三十九条',
    days: [null, null],
    note: '查封、扣押不超过三十日，情况复杂的经批准可延长三十日（《中华人民共和国行政强制法》第二十五条）',
  },
  ZS: {
    resp: [
      '核定责任：依法核定征收对象、征收项目、计征依据和征收标准。',
      '告知责任：向缴纳义务人送达征收决定或者缴款通知，告知征收依据、标准、期限和救济途径。',
      '征收责任：使用财政部门统一监制的票据，将征收款项全额缴入国库，实行收支两条线管理。',
      '减免缓责任：对符合法定条件的，依法办理减征、免征或者缓征。',
      '监督责任：跟踪检查缴纳情况，对逾期不缴纳的依法催缴或者申请人民法院强制执行。',
      OTHER_DUTY,
    ],
    respBasis: '《中华人民共和国预算法》第五十五条；《中华人民共和国行政强制法》第五十三条',
    acct: [
      '擅自设立征收项目、扩大征收范围或者提高征收标准的。',
      '应征不征、少征或者违规减征、免征、缓征的。',
      '不使用法定票据或者不出具票据的。',
      '截留、挪用、坐支、私分征收款项的。',
    ],
    acctBasis: '《财政违法行为处罚处分条例》第四条；《中华人民共和国公职人员政务处分法》第三十九条',
    days: [null, null],
    note: null,
  },
  JF: {
    resp: [
      '受理责任：公示给付条件、标准、程序和申请材料，依法受理或者不予受理申请，不予受理的告知理由。',
      '审核责任：对申请材料进行审核，通过部门信息共享核实申请人资格，必要时开展实地调查。',
      '公示责任：依法需要公示的，将拟给付对象和给付标准在适当范围内公示。',
      '决定责任：对符合条件的作出给付决定，对不符合条件的书面告知理由。',
      '发放责任：按时足额通过社会化方式发放给付资金，不得截留、挤占、挪用。',
      '动态管理责任：定期核查给付对象情况，及时办理增发、减发、停发。',
      OTHER_DUTY,
    ],
    respBasis: '《社会救助暂行办法》第十一条、第六十六条',
    acct: [
      '对符合条件的给付申请不予受理或者不予批准的。',
      '对不符合条件的申请予以批准的。',
      '截留、挤占、挪用、私分给付资金、物资的。',
      '不按规定时间、标准发放给付资金的。',
      '泄露在工作中知悉的申请人个人信息，造成后果的。',
      '在工作中滥用职权、玩忽职守、徇私舞弊的。',
    ],
    acctBasis: `《财政违法行为处罚处分条例》第六条；${DISCIPLINE}`,
    days: [null, null],
    note: null,
  },
  JC: {
    resp: [
      '检查计划责任：按照“双随机、一公开”要求制定年度检查计划，随机抽取检查对象、随机选派执法检查人员。',
      '实施责任：执法人员不少于两人并出示执法证件，依法查阅资料、现场检查，制作检查记录并由被检查单位签字确认。',
      '处置责任：对检查发现的问题责令限期整改，依法应当给予行政处罚的移交立案查处，涉嫌犯罪的移送司法机关。',
      '信息公开责任：自检查结果作出之日起二十个工作日内向社会公示，并归集到信用信息共享平台。',
      OTHER_DUTY,
    ],
    respBasis: '《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（国发〔2019〕5号）；《企业信息公示暂行条例》第六条',
    acct: [
      '不按规定制定和实施检查计划，或者随意检查、重复检查的。',
      '检查中滥用职权、玩忽职守，对发现的违法行为不依法处理的。',
      '泄露检查中知悉的商业秘密或者个人信息的。',
      '借检查之机索取或者收受被检查单位财物、谋取不正当利益的。',
    ],
    acctBasis: DISCIPLINE,
    days: [null, null],
    note: '按年度抽查计划实施，检查结果自作出之日起二十个工作日内公示',
  },
  QR: {
    resp: [
      '受理责任：公示办理条件、程序和需要提交的全部材料目录，对材料齐全、符合法定形式的予以受理，不予受理的告知理由。',
      '审查责任：对申请材料进行审查，必要时进行实地查看或者调查核实。',
      '决定责任：对符合条件的依法予以确认（登记），对不符合条件的作出不予确认的书面决定并说明理由，告知申请人依法享有的权利。',
      '送达责任：制发证书或者确认文书，依法送达并公开。',
      '事后监管责任：发现以欺骗等不正当手段取得确认的，依法予以撤销并记入信用记录。',
      OTHER_DUTY,
    ],
    respBasis: '《优化营商环境条例》第三十五条；《国务院关于在线政务服务的若干规定》第六条',
    acct: [
      '对符合条件的申请不予受理、不予确认的。',
      '对不符合条件的申请予以确认的。',
      '未在规定期限内作出确认决定的。',
      '不予受理或者不予确认未依法说明理由的。',
      '在办理过程中索取或者收受他人财物、谋取其他利益的。',
      '泄露在工作中知悉的个人信息、商业秘密的。',
    ],
    acctBasis: DISCIPLINE,
    days: [null, null],
    note: null,
  },
  JL: {
    resp: [
      '制定方案责任：制定奖励方案，明确奖励条件、名额、标准和评选程序，并向社会公布。',
      '组织推荐责任：组织推荐或者受理申报，对申报材料进行初审。',
      '评审责任：组织评审，坚持公开、公平、公正，提出拟奖励对象名单。',
      '公示责任：对拟奖励对象在适当范围内公示，公示期不少于五个工作日。',
      '表彰责任：按程序报批后作出奖励决定，颁发证书、奖金，奖励结果向社会公开。',
      OTHER_DUTY,
    ],
    respBasis: '《评比达标表彰活动管理办法》',
    acct: [
      '不按规定的条件和程序组织评选的。',
      '在评选中弄虚作假、徇私舞弊的。',
      '截留、挪用奖励资金的。',
      '对举报人信息不予保密，造成后果的。',
    ],
    acctBasis: DISCIPLINE,
    days: [null, null],
    note: '按奖励方案规定的周期组织实施',
  },
  CJ: {
    resp: [
      '受理责任：对当事人提出的裁决申请进行审查，符合条件的予以受理，不予受理的书面告知理由。',
      '审理责任：通知被申请人在规定期限内答辩，调查核实证据，必要时组织双方质证或者现场勘验。',
      '调解责任：在查明事实的基础上组织调解，调解达成协议的制作调解书。',
      '裁决责任：调解不成的依法作出裁决，制作裁决书，载明事实、理由、依据和救济途径。',
      '送达责任：依法向当事人送达调解书或者裁决书。',
      OTHER_DUTY,
    ],
    respBasis: '《中共中央办公厅 国务院办公厅关于健全行政裁决制度加强行政裁决工作的意见》',
    acct: [
      '对符合受理条件的申请不予受理的。',
      '未在法定期限内作出裁决的。',
      '在审理过程中偏袒一方当事人，或者徇私舞弊、枉法裁决的。',
      '违反法定程序，造成裁决结果错误的。',
      '索取或者收受当事人财物、谋取其他利益的。',
    ],
    acctBasis: DISCIPLINE,
    days: [null, null],
    note: null,
  },
  QT: {
    resp: [
      '受理责任：公示办理依据、条件、程序和材料，对申请依法受理或者不予受理。',
      '审查责任：对申请材料和有关情况进行审查，必要时征求有关部门意见或者组织专家论证。',
      '决定责任：在规定期限内作出处理决定，不予同意的书面说明理由。',
      '送达责任：将处理结果书面告知申请人，依法应当公开的及时公开。',
      '监管责任：对决定事项的执行情况进行跟踪监督。',
      OTHER_DUTY,
    ],
    respBasis: '《国务院关于在线政务服务的若干规定》第六条；《优化营商环境条例》第三十五条',
    acct: [
      '对符合条件的申请不予受理或者不予办理的。',
      '对不符合条件的申请予以同意的。',
      '未在规定期限内办结的。',
      '在办理过程中滥用职权、玩忽职守、徇私舞弊的。',
    ],
    acctBasis: DISCIPLINE,
    days: [null, null],
    note: null,
  },
};

// ---------------------------------------------------------------------------------------------
// Flowcharts

/** Extra text of a step. */
export interface StepText {
  note?: string;
  materials?: string;
  result?: string;
}

type Next = string | readonly (readonly [to: string, label: string])[];

function step(id: string, kind: FlowStep['kind'], name: string, role: string, limitDays: number | null, next: Next, t: StepText = {}): FlowStep {
  return {
    id,
    kind,
    name,
    role,
    limitDays,
    limitNote: t.note ?? '',
    materials: t.materials ?? '',
    result: t.result ?? '',
    next: typeof next === 'string' ? [{ to: next, label: '' }] : next.map(([to, label]) => ({ to, label })),
  };
}

export const start = (id: string, name: string, next: string, t: StepText = {}): FlowStep => step(id, 'start', name, '', null, next, t);
export const task = (id: string, name: string, role: string, days: number, next: string, t: StepText = {}): FlowStep => step(id, 'task', name, role, days, next, t);
export const decision = (id: string, name: string, role: string, days: number, branches: readonly (readonly [string, string])[], t: StepText = {}): FlowStep =>
  step(id, 'decision', name, role, days, branches, t);
export const end = (id: string, name: string, t: StepText = {}): FlowStep => step(id, 'end', name, '', null, [], t);

/** One working step of a chain: name, role, days and its text. */
export interface Work extends StepText {
  name: string;
  role: string;
  days: number;
}

/** Links a chain of work steps with ids `<prefix>1`, `<prefix>2`… ending at `then`. */
function chain(prefix: string, works: readonly Work[], then: string): { first: string; steps: FlowStep[] } {
  const steps = works.map((w, i) => task(`${prefix}${i + 1}`, w.name, w.role, w.days, i + 1 < works.length ? `${prefix}${i + 2}` : then, w));
  return { first: steps[0]?.id ?? then, steps };
}

/**
 * An application handled on request (行政许可, 行政确认, 行政给付, 其他): 申请 → 受理 (补正 loop;
 * optionally 不予受理) → the review steps → a decision → the two outcomes → 办结.
 */
export interface ApplyFlow {
  apply: string;
  applyName?: string;
  window: string;
  accept: number;
  acceptNote?: string;
  acceptYes?: string;
  /** Omit the 不予受理 branch (e.g. 给付 handled at the applicant's place of residence). */
  noReject?: boolean;
  correct?: string;
  checks: readonly Work[];
  decideName: string;
  decideRole: string;
  decide: number;
  decideNote?: string;
  yes: string;
  no: string;
  issue: Work;
  refuse: Work;
  endName?: string;
}

export function applyFlow(f: ApplyFlow): Flowchart {
  const c = chain('c', f.checks, 'decide');
  const branches: [string, string][] = [
    [c.first, f.acceptYes ?? '材料齐全、符合法定形式'],
    ['correct', '材料不齐全或者不符合法定形式'],
  ];
  if (!f.noReject) branches.push(['reject', '不属于受理范围']);
  const steps: FlowStep[] = [
    start('apply', f.applyName ?? '申请人提出申请', 'accept', { materials: f.apply }),
    decision('accept', '受理', f.window, f.accept, branches, { note: f.acceptNote ?? '材料不全的当场或者五日内一次性告知', result: '受理通知书' }),
    task('correct', f.correct ?? '一次性告知补正', f.window, 0, 'accept', { note: '当场出具补正通知，申请人补正后重新提交', result: '补正材料通知书' }),
  ];
  if (!f.noReject) steps.push(task('reject', '出具不予受理通知书', f.window, 1, 'end', { note: '告知向有关行政机关申请', result: '不予受理通知书' }));
  steps.push(...c.steps);
  steps.push(decision('decide', f.decideName, f.decideRole, f.decide, [['issue', f.yes], ['refuse', f.no]], f.decideNote ? { note: f.decideNote } : {}));
  steps.push(task('issue', f.issue.name, f.issue.role, f.issue.days, 'end', f.issue));
  steps.push(task('refuse', f.refuse.name, f.refuse.role, f.refuse.days, 'end', f.refuse));
  steps.push(end('end', f.endName ?? '办结'));
  return { steps };
}

/** Shorthand for a licence: the usual outcomes with the department's own steps. */
export function licenceFlow(o: {
  apply: string;
  window: string;
  accept?: number;
  checks: readonly Work[];
  decideRole: string;
  decide: number;
  issueRole: string;
  issueDays: number;
  certificate: string;
  issueName?: string;
  refuseRole?: string;
}): Flowchart {
  return applyFlow({
    apply: o.apply,
    window: o.window,
    accept: o.accept ?? 1,
    checks: o.checks,
    decideName: '作出许可决定',
    decideRole: o.decideRole,
    decide: o.decide,
    yes: '准予许可',
    no: '不予许可',
    issue: { name: o.issueName ?? '制证送达', role: o.issueRole, days: o.issueDays, result: o.certificate, note: '自作出决定之日起计算' },
    refuse: { name: '送达不予许可决定书', role: o.refuseRole ?? o.issueRole, days: o.issueDays, result: '不予行政许可决定书（载明理由和救济途径）' },
  });
}

/** 行政处罚 general procedure: 立案 → 调查取证 → 审查 → 告知 → 陈述申辩或听证 → 决定 → 送达 → 执行. */
export interface PenaltyFlow {
  source: string;
  officer: string;
  head: string;
  leader: string;
  file: number;
  investigate: number;
  evidence: string;
  review: number;
  /** 法制审核 by the legal division for 重大执法决定. */
  legal?: string | undefined;
  hearing: number;
  decide: number;
  deliver: number;
  execute: number;
  penalty: string;
  executeNote?: string;
}

export function penaltyFlow(p: PenaltyFlow): Flowchart {
  // 立案 to 决定 within 九十日 (行政处罚法第六十条), about sixty working days, whichever way the case goes.
  const toDecision = p.investigate + p.review + 1 + 5 + Math.max(p.hearing, 3) + p.decide;
  if (toDecision > 60) throw new Error(`Demo penalty chart takes ${toDecision} working days from 立案 to 决定 (at most 60).`);
  const steps: FlowStep[] = [
    start('clue', '发现违法线索', 'file', { materials: p.source }),
    decision('file', '立案审批', p.head, p.file, [['investigate', '符合立案标准'], ['nofile', '不符合立案标准']], { note: '自发现线索之日起', result: '立案审批表' }),
    task('nofile', '不予立案并告知', p.officer, 1, 'end', { result: '不予立案审批表，告知举报人' }),
    task('investigate', '调查取证', p.officer, p.investigate, 'review', { note: '执法人员不少于两人', materials: p.evidence, result: '案件调查终结报告' }),
    decision('review', '案件审查', p.legal ?? p.head, p.review, [['inform', '拟给予行政处罚'], ['noact', '违法事实不成立或不予处罚']], { result: p.legal ? '法制审核意见' : '案件审查意见' }),
    task('noact', '作出不予行政处罚决定', p.leader, 2, 'end', { result: '不予行政处罚决定书' }),
    task('inform', '处罚事先告知', p.officer, 1, 'defend', { result: '行政处罚事先告知书' }),
    decision(
      'defend',
      '听取陈述申辩',
      p.head,
      5,
      [
        ['hearing', '当事人要求听证'],
        ['recheck', '当事人陈述、申辩'],
        ['decide', '放弃陈述申辩和听证'],
      ],
      { note: '自收到告知书之日起五日内提出' },
    ),
    task('hearing', '组织听证', '听证主持人（非本案调查人员）', p.hearing, 'decide', { note: '听证七日前通知当事人', result: '听证笔录' }),
    task('recheck', '复核陈述申辩意见', p.officer, 3, 'decide', { result: '陈述申辩复核意见' }),
    task('decide', '作出处罚决定', p.leader, p.decide, 'deliver', { note: '重大案件负责人集体讨论', result: p.penalty }),
    task('deliver', '送达处罚决定书', p.officer, p.deliver, 'execute', { note: '当场交付或者七日内送达', result: '送达回证' }),
    task('execute', '执行', p.head, p.execute, 'end', { note: p.executeNote ?? '当事人十五日内缴纳罚款', result: '罚没款缴纳凭证或强制执行申请书' }),
    end('end', '结案归档', { result: '结案审批表' }),
  ];
  return { steps };
}

/** 行政检查: 抽查计划 → 双随机抽取 → 检查 → 处置 (无问题 / 整改 / 移交立案) → 公示. */
export function inspectFlow(i: { plan: string; planner: string; inspector: string; select: number; inspect: number; items: string; rectify: number; transferTo: string; publish?: number }): Flowchart {
  return {
    steps: [
      start('plan', i.plan, 'select', { result: '年度抽查工作计划' }),
      task('select', '双随机抽取检查对象和人员', i.planner, i.select, 'inspect', { result: '抽查名单' }),
      task('inspect', '实施现场检查', i.inspector, i.inspect, 'judge', { materials: i.items, result: '现场检查记录' }),
      decision('judge', '检查结果处理', i.planner, 2, [['publish', '未发现问题'], ['rectify', '存在问题需整改'], ['transfer', '涉嫌违法需处罚']]),
      task('rectify', '下达责令整改通知书', i.inspector, 1, 'recheck', { result: '责令改正通知书' }),
      task('recheck', '整改复查', i.inspector, i.rectify, 'publish', { note: '整改期限届满后', result: '复查意见' }),
      task('transfer', '移交立案查处', i.planner, 3, 'publish', { result: `移交${i.transferTo}` }),
      task('publish', '检查结果公示', i.planner, i.publish ?? 20, 'end', { note: '归集至信用信息平台', result: '抽查结果公示' }),
      end('end', '检查结束'),
    ],
  };
}

/** 行政裁决 and similar disputes: 申请 → 受理 → 答辩 → 调查 → 调解 (达成 / 不成) → 裁决 → 送达. */
export function disputeFlow(d: {
  apply: string;
  window: string;
  accept: number;
  answer: number;
  investigate: number;
  investigateName?: string;
  officer: string;
  leader: string;
  mediate: number;
  rule: number;
  ruling: string;
  deliver: number;
}): Flowchart {
  return {
    steps: [
      start('apply', '当事人提出申请', 'accept', { materials: d.apply }),
      decision('accept', '受理审查', d.window, d.accept, [['answer', '符合受理条件'], ['correct', '申请材料需补正'], ['reject', '不符合受理条件']], { result: '受理通知书' }),
      task('correct', '通知补正', d.window, 0, 'accept', { result: '补正通知书' }),
      task('reject', '书面告知不予受理', d.window, 2, 'end', { result: '不予受理通知书（载明理由）' }),
      task('answer', '通知被申请人答辩', d.officer, d.answer, 'investigate', { note: '被申请人收到副本后提交答辩', result: '答辩书' }),
      task('investigate', d.investigateName ?? '调查核实、组织质证', d.officer, d.investigate, 'mediate', { result: '调查笔录' }),
      decision('mediate', '组织调解', d.officer, d.mediate, [['agree', '达成调解协议'], ['rule', '调解不成']]),
      task('agree', '制作调解书', d.officer, 2, 'deliver', { result: '调解书' }),
      task('rule', '作出裁决', d.leader, d.rule, 'deliver', { result: d.ruling }),
      task('deliver', '送达', d.officer, d.deliver, 'end', { result: '送达回证' }),
      end('end', '结案'),
    ],
  };
}

/**
 * A plain service: 申请 → 受理 (补正 loop) → the working steps → 办结. When `accept` is null the
 * request needs no acceptance check (e.g. a repair call) and goes straight to the first step.
 */
export function serviceFlow(s: { apply: string; applyName?: string; window: string; accept: number | null; acceptNote?: string; works: readonly Work[]; endName?: string }): Flowchart {
  const c = chain('w', s.works, 'end');
  const steps: FlowStep[] = [start('apply', s.applyName ?? '提出申请', s.accept === null ? c.first : 'accept', { materials: s.apply })];
  if (s.accept !== null) {
    steps.push(decision('accept', '受理', s.window, s.accept, [[c.first, '材料齐全'], ['correct', '材料需补正']], { note: s.acceptNote ?? '', result: '受理回执' }));
    steps.push(task('correct', '一次性告知补正', s.window, 0, 'accept', { result: '补正告知单' }));
  }
  steps.push(...c.steps, end('end', s.endName ?? '办结'));
  return { steps };
}

// ---------------------------------------------------------------------------------------------
// Building contents

/** Code prefix for a department slug: sz-jyj → SZJYJ, donghu-mzj → DHMZJ. */
const AREA: Record<string, string> = { sz: 'SZ', donghu: 'DH', xishan: 'XS', nanjiang: 'NJ' };
export function codePrefix(slug: string): string {
  const [area = '', ...rest] = slug.split('-');
  return `${AREA[area] ?? area.toUpperCase()}${rest.join('').toUpperCase()}`;
}

export interface OrgInfo {
  slug: string;
  name: string;
  phone: string | null;
  hours: string;
}

export interface BuiltPower {
  content: PowerContentInput;
  flowchart: Flowchart | null;
  guides: { spec: GuideSpec; powerCode: string; power: PowerSpec }[];
}

export function buildPowers(org: OrgInfo, specs: readonly PowerSpec[]): BuiltPower[] {
  const prefix = codePrefix(org.slug);
  const seq = new Map<Cat, number>();
  return specs.map((p) => {
    const n = (seq.get(p.cat) ?? 0) + 1;
    seq.set(p.cat, n);
    const code = `${prefix}-${p.cat}-${String(n).padStart(3, '0')}`;
    const t = CATEGORY_TEXT[p.cat];
    const [statutory, promised] = p.days ?? t.days;
    const content: PowerContentInput = {
      code,
      name: p.name,
      category: p.cat,
      subItems: [...(p.sub ?? [])],
      basis: p.basis.map(([law, article]) => ({ law, article, itemId: null })),
      implementingBody: org.name,
      bodyNature: p.nature ?? 'statutory',
      division: p.div,
      responsibilities: [...(p.resp ?? t.resp)],
      responsibilityBasis: p.respBasis ?? t.respBasis,
      accountability: [...t.acct, ...(p.acct ?? []), OTHER_FAULT],
      accountabilityBasis: p.acctBasis ?? t.acctBasis,
      statutoryDays: statutory,
      promisedDays: promised,
      limitNote: p.note ?? t.note,
      fees: p.fees ?? (p.cat === 'XK' || p.cat === 'QR' ? '不收费' : null),
      supervisionPhone: org.phone ?? '12345',
      remarks: p.remarks ?? null,
      status: p.status?.[0] ?? 'in_force',
      statusSince: p.status?.[1] ?? null,
    };
    return { content, flowchart: p.flow ?? null, guides: (p.guides ?? []).map((spec) => ({ spec, powerCode: code, power: p })) };
  });
}

const FORMS = { o: 'original', c: 'copy', b: 'both', e: 'electronic' } as const;

export function materials(mats: readonly Mat[]): ServiceContentInput['materials'] {
  return mats.map(([name, form, copies, required, note]) => ({ name, form: FORMS[form], copies, required, note: note ?? null, source: null, blankFormId: null }));
}

export const ONLINE = 'https://zwfw.shifan.gov.example';
