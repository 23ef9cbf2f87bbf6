/**
 * Standard disclosure catalogues of 公共企事业单位 by sector (Regs 2019 Art. 55; 国办发〔2020〕50号).
 *
 * EDITABLE DEFAULTS. The common part follows the typical utility catalogue of ogi-rules §7.2 (单位概况,
 * 领导信息, 机构职能, 服务网点, 法律法规和标准, 规章制度和服务标准, 信息公开目录和指南, 价格和收费依据,
 * 维修及相关服务收费, 办事流程, 停水/停气/检修通知, 安全信息, 投诉渠道), whose time limit is "within 20
 * working days of formation or change"; the sector items are common practice. The sector rules' titles
 * are corroborated, their item lists are UNCONFIRMED as national lists: check them against the rules
 * that apply locally before relying on them.
 *
 * Other modules (service guides) read these through `sectorCatalogue(code)` and `SECTORS`.
 */
import type { Audience, LimitKind, Method } from './vocabulary.js';

/** One entry of a sector's standard catalogue, ready to become a `standard_entries` row. */
export interface TemplateEntry {
  area: string;
  level1: string;
  level2: string;
  content: string;
  basis: string;
  timeLimit: string;
  limitKind: LimitKind;
  limitValue: number | null;
  channels: readonly string[];
  audience: Audience;
  audienceNote: string | null;
  method: Method;
}

/** The sectors with a template; codes are the organisations' `sector` codes. */
export const SECTORS = [
  { code: 'water', zh: '供水', en: 'Water supply' },
  { code: 'gas', zh: '供气', en: 'Gas supply' },
  { code: 'heating', zh: '供热', en: 'Heating' },
  { code: 'power', zh: '供电', en: 'Power supply' },
  { code: 'transport', zh: '公共交通', en: 'Public transport' },
  { code: 'health', zh: '医疗卫生', en: 'Health care' },
  { code: 'education', zh: '教育', en: 'Education' },
  { code: 'environment', zh: '环境保护', en: 'Environmental services' },
] as const;
export type SectorCode = (typeof SECTORS)[number]['code'];

/** True for a sector with a template. */
export function isSectorCode(code: unknown): code is SectorCode {
  return typeof code === 'string' && SECTORS.some((s) => s.code === code);
}

const T20 = '信息形成或者变更之日起20个工作日内';
const REALTIME = '实时';
const TIMELY = '及时公开，长期有效';
const ART55 = '《中华人民共和国政府信息公开条例》第五十五条；《公共企事业单位信息公开规定制定办法》（国办发〔2020〕50号）';
const BASIS: Record<SectorCode, string> = {
  water: '《供水、供气、供热等公共企事业单位信息公开实施办法》（建城规〔2021〕4号）',
  gas: '《供水、供气、供热等公共企事业单位信息公开实施办法》（建城规〔2021〕4号）',
  heating: '《供水、供气、供热等公共企事业单位信息公开实施办法》（建城规〔2021〕4号）',
  power: '国家能源局关于供电企业信息公开的规定',
  transport: ART55,
  health: '《医疗卫生机构信息公开管理办法》（2021年）',
  education: '《中华人民共和国政府信息公开条例》第五十五条；教育部关于学校信息公开的规定',
  environment: ART55,
};
/** The unit's own website, WeChat/app, notice boards in its halls, and its service points. */
const CH = ['website', 'new-media', 'notice-board', 'other'] as const;
const CH_URGENT = ['website', 'new-media', 'notice-board', 'push', 'broadcast'] as const;

type Spec = Omit<TemplateEntry, 'area' | 'basis' | 'limitKind' | 'limitValue' | 'channels' | 'audience' | 'audienceNote' | 'method'> & Partial<Pick<TemplateEntry, 'basis' | 'channels' | 'audience' | 'audienceNote' | 'method'>> & { limit?: [LimitKind, number | null] };

const wd20: [LimitKind, number] = ['workdays', 20];
const none: [LimitKind, null] = ['none', null];
const monthly: [LimitKind, number] = ['periodic', 1];
const quarterly: [LimitKind, number] = ['periodic', 3];
const yearly: [LimitKind, number] = ['periodic', 12];

/** The items every public enterprise or institution discloses (ogi-rules §7.2). */
function common(s: { unit: string; outage: string | null; priceNote: string; repairNote: string }): Spec[] {
  return [
    { level1: '基本信息', level2: '单位概况', content: `${s.unit}的性质、规模、经营（服务）范围、注册资本、办公地址、联系方式`, timeLimit: T20 },
    { level1: '基本信息', level2: '领导信息', content: '单位领导班子成员姓名、职务、分工', timeLimit: T20 },
    { level1: '基本信息', level2: '机构职能', content: '内设机构设置及其职责', timeLimit: T20 },
    { level1: '服务信息', level2: '服务网点', content: '营业厅、服务网点的名称、地址、联系电话、营业时间、服务项目', timeLimit: T20 },
    { level1: '服务信息', level2: '办事流程', content: '各项业务的办理条件、所需材料、办理程序和时限、办理地点及网上办理渠道', timeLimit: T20 },
    { level1: '制度标准', level2: '法律法规和标准', content: '与本行业服务相关的法律、法规、规章和国家、行业、地方标准', timeLimit: T20 },
    { level1: '制度标准', level2: '规章制度和服务标准', content: '单位制定的服务规范、服务标准、服务承诺及相关规章制度', timeLimit: T20 },
    { level1: '制度标准', level2: '信息公开目录和指南', content: '本单位信息公开目录、信息公开指南', timeLimit: T20 },
    { level1: '收费信息', level2: '价格和收费依据', content: `${s.priceNote}，收费项目、标准及其依据（价格主管部门文件）`, timeLimit: T20, basis: '《中华人民共和国价格法》；{BASIS}' },
    { level1: '收费信息', level2: '维修及相关服务收费', content: s.repairNote, timeLimit: T20 },
    ...(s.outage
      ? [{ level1: '服务动态', level2: s.outage, content: `计划${s.outage.replace('通知', '')}的原因、范围、起止时间；突发情况的影响范围和预计恢复时间`, timeLimit: '计划性作业提前24小时公告；突发情况实时发布', limit: none, channels: CH_URGENT } satisfies Spec]
      : []),
    { level1: '安全信息', level2: '安全使用常识和安全提示', content: '安全使用知识、风险提示、应急处置方法和应急联系电话', timeLimit: TIMELY, limit: none },
    { level1: '监督投诉', level2: '投诉渠道', content: '服务热线、投诉电话、监督部门及其联系方式、投诉处理程序和时限', timeLimit: T20, channels: ['website', 'new-media', 'notice-board', 'hotline'] },
  ];
}

const SPECS: Record<SectorCode, Spec[]> = {
  water: [
    ...common({ unit: '供水企业', outage: '停水通知', priceNote: '居民和非居民用水价格、阶梯水价、污水处理费', repairNote: '用户报装、接水、表具检定及维修等服务的收费项目和标准' }),
    { level1: '服务动态', level2: '供水水质信息', content: '出厂水、管网水水质检测指标及结果', timeLimit: '每月公开上月检测结果', limit: monthly },
    { level1: '服务动态', level2: '供水服务质量报告', content: '供水水压合格率、抄表到户、用户满意度等服务质量指标', timeLimit: '每年第一季度公开上年度情况', limit: yearly },
  ],
  gas: [
    ...common({ unit: '燃气企业', outage: '停气/检修通知', priceNote: '居民和非居民用气价格、阶梯气价', repairNote: '燃气设施安装、改装、维修及燃气表检定等服务的收费项目和标准' }),
    { level1: '安全信息', level2: '安全检查安排', content: '入户安全检查的周期、时间安排、检查人员身份核验方式', timeLimit: '入户安全检查开始前及时公告', limit: none, channels: ['website', 'new-media', 'notice-board', 'door-to-door'] },
    { level1: '服务动态', level2: '燃气质量信息', content: '燃气热值、气质检测结果', timeLimit: '每季度公开', limit: quarterly },
  ],
  heating: [
    ...common({ unit: '供热企业', outage: '停热/检修通知', priceNote: '居民和非居民供热价格、计量收费办法', repairNote: '供热设施维修、改造及相关服务的收费项目和标准' }),
    { level1: '服务动态', level2: '供热期和室温标准', content: '采暖期起止时间、室内温度标准、温度不达标的处理和退费办法', timeLimit: '采暖期开始前20个工作日内', limit: ['workdays', 20] },
    { level1: '服务动态', level2: '供热运行情况', content: '供热面积、运行参数、室温抽检情况', timeLimit: '采暖期内每月公开', limit: monthly },
  ],
  power: [
    ...common({ unit: '供电企业', outage: '停电通知', priceNote: '销售电价、分时电价、阶梯电价及政府性基金和附加', repairNote: '业扩报装、计量装置校验及相关服务的收费项目和标准' }),
    { level1: '服务动态', level2: '供电质量和可靠性指标', content: '供电可靠率、电压合格率、故障抢修到达现场时限等指标', timeLimit: '每季度公开', limit: quarterly },
    { level1: '服务信息', level2: '业扩报装办理', content: '低压、高压用户报装流程、办理时限、所需材料和收费标准', timeLimit: T20 },
  ],
  transport: [
    ...common({ unit: '公共交通企业', outage: '线路临时调整通知', priceNote: '票价、优惠乘车政策（老年人、学生、残疾人等）', repairNote: '公交卡办理、补卡、退卡等服务的收费项目和标准' }),
    { level1: '服务信息', level2: '线路和站点', content: '运营线路走向、站点、首末班时间、发车间隔', timeLimit: '线路开通或调整前及时公告；变更之日起20个工作日内更新', limit: wd20 },
    { level1: '服务信息', level2: '失物招领', content: '乘客遗失物品的招领方式、地点和联系电话', timeLimit: REALTIME, limit: none },
    { level1: '服务动态', level2: '运营服务质量', content: '准点率、车辆运行情况、乘客满意度评价结果', timeLimit: '每年公开上年度情况', limit: yearly },
  ],
  health: [
    ...common({ unit: '医疗卫生机构', outage: null, priceNote: '医疗服务项目价格、药品和医用耗材价格', repairNote: '体检、复印病历等非医疗服务项目的收费标准' }),
    { level1: '服务信息', level2: '科室设置和医务人员信息', content: '临床、医技科室设置，医务人员资质、专业特长、出诊时间', timeLimit: T20 },
    { level1: '服务信息', level2: '就诊须知和预约挂号', content: '就诊流程、预约挂号方式、住院须知、医保结算政策', timeLimit: T20 },
    { level1: '服务动态', level2: '停诊通知', content: '专家停诊、门诊时间调整', timeLimit: REALTIME, limit: none, channels: CH_URGENT },
    { level1: '安全信息', level2: '医疗质量安全信息', content: '医疗质量控制指标、院内感染控制情况、医疗纠纷处理途径', timeLimit: '每年公开', limit: yearly },
  ],
  education: [
    ...common({ unit: '学校', outage: null, priceNote: '学费、住宿费、代收费项目和标准', repairNote: '教材、校服等代办服务的收费项目、标准和收退办法' }),
    { level1: '招生信息', level2: '招生政策和招生结果', content: '招生范围、招生计划、录取程序和录取结果', timeLimit: '招生工作开始前及时公开；录取结果确定之日起20个工作日内', limit: wd20 },
    { level1: '学生服务', level2: '学生资助政策', content: '奖学金、助学金、减免学费等资助项目、申请条件和评审程序', timeLimit: T20 },
    { level1: '安全信息', level2: '校园安全和食品安全', content: '校园安全管理制度、食堂食品安全管理、突发事件应急预案', timeLimit: T20 },
    { level1: '年度报告', level2: '信息公开工作年度报告', content: '上一年度信息公开工作情况', timeLimit: '每年公开', limit: yearly },
  ],
  environment: [
    ...common({ unit: '环境公共服务单位（污水、垃圾处理等）', outage: '设施检修通知', priceNote: '污水处理费、生活垃圾处理费', repairNote: '相关设施维修及服务的收费项目和标准' }),
    { level1: '服务动态', level2: '污染物排放监测信息', content: '主要污染物排放浓度、排放总量及自行监测结果', timeLimit: '每月公开上月监测结果', limit: monthly },
  ],
};

/** The standard disclosure catalogue of a sector, in order; [] for a sector without a template. */
export function sectorCatalogue(sectorCode: string): readonly TemplateEntry[] {
  if (!isSectorCode(sectorCode)) return [];
  const basis = `${BASIS[sectorCode]}；${ART55}`;
  return SPECS[sectorCode].map(
    (s): TemplateEntry => ({
      area: sectorCode,
      level1: s.level1,
      level2: s.level2,
      content: s.content,
      basis: s.basis ? s.basis.replace('{BASIS}', BASIS[sectorCode]) : basis,
      timeLimit: s.timeLimit,
      limitKind: (s.limit ?? wd20)[0],
      limitValue: (s.limit ?? wd20)[1],
      channels: s.channels ?? CH,
      audience: s.audience ?? 'all',
      audienceNote: s.audienceNote ?? null,
      method: s.method ?? 'proactive',
    }),
  );
}
