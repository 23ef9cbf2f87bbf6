/**
 * The fixed vocabularies of the 基层政务公开标准目录 (ogi-rules §4.7): areas, channels, audiences,
 * methods and levels. Entries store the codes; the labels live here.
 *
 * EDITABLE DEFAULTS. The list of the 26 pilot areas (国办发〔2019〕54号) is reconstructed from local
 * implementations and is UNCONFIRMED against the national text; the utilities sectors follow Regs
 * 2019 Art. 55 and 国办发〔2020〕50号. To add or rename an area, edit `AREAS` (codes are stored, so
 * keep existing codes; a stored code that is no longer listed is shown as-is). No migration needed:
 * the database checks only the form of a code.
 */

/** One labelled code. */
export interface Labelled<C extends string = string> {
  code: C;
  zh: string;
  en: string;
}

/** 领域: the 26 pilot areas, then the 公共企事业单位 sectors not already among them, then 其他. */
export const AREAS: readonly Labelled[] = [
  { code: 'major-projects', zh: '重大建设项目', en: 'Major construction projects' },
  { code: 'public-resources', zh: '公共资源交易', en: 'Public resource trading' },
  { code: 'budget', zh: '财政预决算', en: 'Budgets and final accounts' },
  { code: 'work-safety', zh: '安全生产', en: 'Work safety' },
  { code: 'tax', zh: '税收管理', en: 'Tax administration' },
  { code: 'land-compensation', zh: '征地补偿', en: 'Land acquisition compensation' },
  { code: 'housing-expropriation', zh: '国有土地上房屋征收与补偿', en: 'Housing expropriation on state-owned land' },
  { code: 'rural-housing', zh: '农村危房改造', en: 'Rural dilapidated housing renovation' },
  { code: 'environment', zh: '环境保护（生态环境）', en: 'Environmental protection' },
  { code: 'public-culture', zh: '公共文化服务', en: 'Public cultural services' },
  { code: 'legal-services', zh: '公共法律服务', en: 'Public legal services' },
  { code: 'poverty', zh: '扶贫', en: 'Poverty alleviation' },
  { code: 'disaster-relief', zh: '救灾', en: 'Disaster relief' },
  { code: 'food-drug', zh: '食品药品监管', en: 'Food and drug supervision' },
  { code: 'urban-enforcement', zh: '城市综合执法', en: 'Urban law enforcement' },
  { code: 'employment', zh: '就业', en: 'Employment' },
  { code: 'social-insurance', zh: '社会保险', en: 'Social insurance' },
  { code: 'social-assistance', zh: '社会救助', en: 'Social assistance' },
  { code: 'elderly-care', zh: '养老服务', en: 'Elderly care' },
  { code: 'household-registration', zh: '户籍管理', en: 'Household registration' },
  { code: 'farm-subsidies', zh: '涉农补贴', en: 'Agricultural subsidies' },
  { code: 'health', zh: '医疗卫生', en: 'Health care' },
  { code: 'municipal-services', zh: '市政服务', en: 'Municipal services' },
  { code: 'compulsory-education', zh: '义务教育', en: 'Compulsory education' },
  { code: 'affordable-housing', zh: '保障性住房', en: 'Affordable housing' },
  { code: 'urban-rural-planning', zh: '城乡规划', en: 'Urban and rural planning' },
  // 公共企事业单位 sectors (医疗卫生 and 环境保护 are pilot areas above).
  { code: 'water', zh: '供水', en: 'Water supply' },
  { code: 'power', zh: '供电', en: 'Power supply' },
  { code: 'gas', zh: '供气', en: 'Gas supply' },
  { code: 'heating', zh: '供热', en: 'Heating' },
  { code: 'transport', zh: '公共交通', en: 'Public transport' },
  { code: 'education', zh: '教育', en: 'Education' },
  { code: 'other', zh: '其他', en: 'Other' },
];

/** 公开渠道和载体: the checkbox list of the national catalogue template. */
export const CHANNELS: readonly Labelled[] = [
  { code: 'website', zh: '政府网站', en: 'Government website' },
  { code: 'gazette', zh: '政府公报', en: 'Government gazette' },
  { code: 'new-media', zh: '两微一端', en: 'Weibo, WeChat and app' },
  { code: 'press', zh: '发布会/听证会', en: 'Press conference / hearing' },
  { code: 'broadcast', zh: '广播电视', en: 'Radio and television' },
  { code: 'print', zh: '纸质媒体', en: 'Print media' },
  { code: 'reading-room', zh: '公开查阅点', en: 'Public reading point' },
  { code: 'service-centre', zh: '政务服务中心', en: 'Government service centre' },
  { code: 'service-station', zh: '便民服务站', en: 'Community service station' },
  { code: 'door-to-door', zh: '入户/现场', en: 'Door to door / on site' },
  { code: 'notice-board', zh: '社区/企事业单位/村公示栏（电子屏）', en: 'Community, unit or village notice board (screen)' },
  { code: 'push', zh: '精准推送', en: 'Targeted push' },
  { code: 'hotline', zh: '12345政务服务热线', en: '12345 service hotline' },
  { code: 'other', zh: '其他', en: 'Other' },
];

/** 公开对象. */
export const AUDIENCES = ['all', 'specific'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const AUDIENCE_LABELS: Record<Audience, { zh: string; en: string }> = {
  all: { zh: '全社会', en: 'The public' },
  specific: { zh: '特定群体', en: 'Specific groups' },
};

/** 公开方式. */
export const METHODS = ['proactive', 'on_request'] as const;
export type Method = (typeof METHODS)[number];
export const METHOD_LABELS: Record<Method, { zh: string; en: string }> = {
  proactive: { zh: '主动', en: 'Proactive' },
  on_request: { zh: '依申请', en: 'On request' },
};

/** 公开层级: 市级 only for city-level agencies (a city department or enterprise). */
export const LEVELS: readonly Labelled[] = [
  { code: 'city', zh: '市级', en: 'City' },
  { code: 'county', zh: '县级', en: 'County' },
  { code: 'township', zh: '乡级', en: 'Township' },
  { code: 'village', zh: '村级', en: 'Village' },
];

/** How the monitor checks the 公开时限. */
export const LIMIT_KINDS = ['workdays', 'periodic', 'none'] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];
export const LIMIT_KIND_LABELS: Record<LimitKind, { zh: string; en: string }> = {
  workdays: { zh: '成文后 N 个工作日内', en: 'Within N working days of formation' },
  periodic: { zh: '每 N 个月更新', en: 'Every N months' },
  none: { zh: '不监测（实时/及时/长期）', en: 'Not monitored (real time, promptly, standing)' },
};

const byCode = (list: readonly Labelled[]) => new Map(list.map((x) => [x.code, x]));
const AREA_MAP = byCode(AREAS);
const CHANNEL_MAP = byCode(CHANNELS);
const LEVEL_MAP = byCode(LEVELS);

/** The label of a code in the interface language (the code itself when no longer listed). */
function labelOf(map: Map<string, Labelled>, code: string, lang: 'zh-CN' | 'en'): string {
  const x = map.get(code);
  return x ? (lang === 'en' ? x.en : x.zh) : code;
}

export const areaLabel = (code: string, lang: 'zh-CN' | 'en' = 'zh-CN') => labelOf(AREA_MAP, code, lang);
export const channelLabel = (code: string, lang: 'zh-CN' | 'en' = 'zh-CN') => labelOf(CHANNEL_MAP, code, lang);
export const levelLabel = (code: string, lang: 'zh-CN' | 'en' = 'zh-CN') => labelOf(LEVEL_MAP, code, lang);
export const isArea = (code: string) => AREA_MAP.has(code);
export const isChannel = (code: string) => CHANNEL_MAP.has(code);
export const isLevel = (code: string) => LEVEL_MAP.has(code);

/**
 * Reads a machine-checkable limit from 公开时限 as written: "…20个工作日内" → 20 working days;
 * 每月/每季度/每半年/每年 (or 按月…) → periodic 1/3/6/12 months; 实时/及时/长期/常年 → none.
 * Returns null when the text says nothing the monitor can use.
 */
export function limitFromText(text: string): { kind: LimitKind; value: number | null } | null {
  const t = text.replace(/\s+/g, '');
  const wd = /(\d{1,3})个?工作日/.exec(t);
  if (wd) return { kind: 'workdays', value: Number(wd[1]) };
  const cn = /([一二三四五六七八九十]{1,3})个工作日/.exec(t);
  if (cn) return { kind: 'workdays', value: chineseNumber(cn[1]!) };
  // "每…" wins over a loose mention: 每年第一季度公开上年度情况 is yearly.
  const periods: [RegExp, number][] = [
    [/每(个)?月|按月/, 1],
    [/每(个)?季度?|按季/, 3],
    [/每半年/, 6],
    [/每(一)?年|按年/, 12],
    [/月度/, 1],
    [/季度/, 3],
    [/半年度/, 6],
    [/年度/, 12],
  ];
  for (const [re, months] of periods) if (re.test(t)) return { kind: 'periodic', value: months };
  if (/实时|及时|长期|常年|动态/.test(t)) return { kind: 'none', value: null };
  return null;
}

/** 一 … 九十九 as a number (enough for 公开时限). */
function chineseNumber(s: string): number {
  const d = (c: string | undefined) => (c ? '一二三四五六七八九'.indexOf(c) + 1 : 0);
  const i = s.indexOf('十');
  if (i < 0) return d(s[0]);
  return (i === 0 ? 1 : d(s[0])) * 10 + d(s[i + 1]);
}
