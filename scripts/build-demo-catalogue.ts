/**
 * Builds demo/catalogue.jsonl.gz, the demo city's catalogue sample (docs/catalogue-import.md format),
 * from the shared corpus of real government documents (../shared/corpus/gov-docs.jsonl.gz).
 *
 *   node --import tsx scripts/build-demo-catalogue.ts [corpusPath]
 *
 * Deterministic: documents are ordered by a hash of their corpus id, never by Math.random().
 * Texts are kept whole and verbatim; only the attribution to a demo agency, the catalogue
 * classification (topic, genre, Art. 20 category) and the disclosure designations are demo choices.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const corpusPath = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'corpus', 'gov-docs.jsonl.gz'));
const outPath = path.join(root, 'demo', 'catalogue.jsonl.gz');

/** Size limits: filler documents are short; the few required ones may be longer. */
const FILLER_MAX_BODY = 6000;
const REQUIRED_MAX_BODY = 12000;
const MAX_FILE_BYTES = 4 * 1024 * 1024;

interface CorpusDoc {
  id: string;
  title: string;
  issuer: string | null;
  doc_number: string | null;
  date: string | null;
  category: string;
  body: string;
  subcategory?: string;
  region?: string;
  status?: string;
  url?: string;
}

type Disclosure = 'proactive' | 'on_request' | 'withheld';
type Validity = 'in_force' | 'expired' | 'repealed';

/** One line of the import file (docs/catalogue-import.md). */
interface ImportLine {
  key: string;
  agency: string;
  title: string;
  summary?: string;
  docNumber?: string;
  generatedOn: string;
  publishedOn: string;
  topic: string;
  genre: string;
  keywords: string[];
  disclosure: Disclosure;
  withheldGround?: string;
  art20: number;
  validity: Validity;
  repealedOn?: string;
  interprets?: string;
  bodyText: string;
  state: 'published';
}

interface TaxonomyNode {
  code: string;
  name: string;
  children?: TaxonomyNode[];
}

// ---------------------------------------------------------------------------------------------
// Helpers

function hashOf(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

/** A deterministic order: by sha1 of the id. */
function byHash(a: CorpusDoc, b: CorpusDoc): number {
  const ha = hashOf(a.id);
  const hb = hashOf(b.id);
  return ha < hb ? -1 : ha > hb ? 1 : 0;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function isoDate(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)/;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

// ---------------------------------------------------------------------------------------------
// Agency mapping: real issuer / title keywords / subject area -> demo agency slug

/** Open government, e-government, data, archives and petitions: the government services and data bureau. */
const ZWFW_TITLES = /信息公开|政务公开|电子政务|政务服务|政务新媒体|政府网站|政务数据|公共数据|大数据|数据共享|数据安全|电子签名|信息化|档案|信访|12345/;

/** Title keyword rules, first match wins (more specific rules first). */
const TITLE_RULES: [RegExp, string][] = [
  [/政府工作报告/, 'shifan'],
  [ZWFW_TITLES, 'sz-zwfwj'],
  [/交通管理|交通安全|交通事故|治安|公安|户口|居民身份证|出境入境|出入境|枪支|爆炸物|消防|警察|禁毒|戒毒|养犬|保安服务/, 'sz-gaj'],
  [/养老保险|医疗保险|失业保险|工伤|社会保险|社会保障|人力资源|就业|工资|劳动|职工|人才|职业技能|公务员|人事争议/, 'sz-rsj'],
  [/教育|学校|教师|学位|幼儿园|学前|学生|招生|未成年人保护/, 'sz-jyj'],
  [/科学技术|科技|技术进步|高新技术|自主创新|科研|科普|技术市场|技术合同/, 'sz-kjj'],
  [/社会救助|养老|救助|民政|殡葬|婚姻登记|社会团体|社团|基金会|慈善|地名|行政区划|村民委员会|居民委员会|老年人|残疾人|优抚|流浪乞讨|社会组织|志愿服务/, 'sz-mzj'],
  [/司法|律师|公证|法律援助|人民调解|仲裁|社区矫正|监狱|法治|行政复议|普法|法制宣传|鉴定|人民陪审员/, 'sz-sfj'],
  [/财政|预算|决算|税|会计|政府采购|国有资产|彩票|收费|审计/, 'sz-czj'],
  [/土地|矿产|矿业|测绘|地图|城乡规划|城市规划|国土空间|不动产|地质|自然资源|海域|海岛|古生物化石/, 'sz-zrzyj'],
  [/环境|污染|生态|排污|大气|噪声|固体废物|辐射|自然保护区|扬尘|垃圾/, 'sz-sthjj'],
  [/食品|产品质量|市场监督|市场主体|价格|消费者|计量|标准化|商标|专利|知识产权|广告|特种设备|认证|工商|企业登记|个体工商户|反不正当竞争|垄断|网络交易|电子商务|质量/, 'sz-scjgj'],
  [/卫生|医疗|医院|医师|护士|药品|药|疾病|传染病|疫苗|健康|母婴|计划生育|中医|献血|精神|血液/, 'sz-wjw'],
  [/住房|住宅|物业|建筑|建设工程|城市建设|房地产|房屋|燃气|供水|市容|城市管理|园林|绿化|城镇|城乡建设|勘察设计/, 'sz-zjj'],
  [/道路运输|公路|道路|交通运输|运输|航道|港口|船舶|船员|水运|海运|水路|铁路|民航|航空|出租汽车|公共交通|客运|货运|汽车|引航|海事/, 'sz-jtysj'],
  [/发展和改革|发展规划|改革|投资|统计|普查|经济|节能|循环经济|能源|电力|粮食|招标投标|重点建设项目/, 'sz-fgw'],
];

/** Issuer rules for titles that matched nothing. */
const ISSUER_RULES: [RegExp, string][] = [
  [/教育部|国家教委/, 'sz-jyj'],
  [/公安部/, 'sz-gaj'],
  [/民政部/, 'sz-mzj'],
  [/司法部/, 'sz-sfj'],
  [/财政部|税务/, 'sz-czj'],
  [/人力资源|劳动和社会保障部|劳动部|人事部/, 'sz-rsj'],
  [/国土资源部|自然资源部|国家海洋局|测绘/, 'sz-zrzyj'],
  [/环境保护|生态环境部/, 'sz-sthjj'],
  [/建设部|住房和城乡建设部/, 'sz-zjj'],
  [/交通部|交通运输部|民航|铁道部/, 'sz-jtysj'],
  [/卫生|健康委员会|计划生育/, 'sz-wjw'],
  [/市场监督管理|工商行政管理|质量监督|食品药品|知识产权/, 'sz-scjgj'],
  [/发展改革委|发展和改革委员会|国家计委|统计局/, 'sz-fgw'],
  [/科学技术部|科技部/, 'sz-kjj'],
];

/** waystowork subject areas. */
const SUBCATEGORY_RULES: Record<string, string> = {
  交通运输: 'sz-jtysj',
  住建: 'sz-zjj',
  城市管理: 'sz-zjj',
  卫生健康: 'sz-wjw',
  市场监管: 'sz-scjgj',
  生态环境: 'sz-sthjj',
  自然资源: 'sz-zrzyj',
  税务: 'sz-czj',
  公共法律: 'sz-sfj',
};

function mapAgency(d: CorpusDoc): string {
  if (d.category === '政府工作报告' || d.category === '人大决议' || d.category === '党政文件' || d.category === '宪法') return 'shifan';
  // 国务院 / 国务院办公厅 documents (gov.cn) are the analogue of the city government's own documents.
  if (d.id.startsWith('gov-')) return ZWFW_TITLES.test(d.title) || /行政执法公示/.test(d.title) ? 'sz-zwfwj' : 'shifan';
  for (const [re, slug] of TITLE_RULES) if (re.test(d.title)) return slug;
  const issuer = d.issuer ?? '';
  for (const [re, slug] of ISSUER_RULES) if (re.test(issuer)) return slug;
  const sub = d.subcategory ? SUBCATEGORY_RULES[d.subcategory] : undefined;
  if (sub) return sub;
  if (d.category === '司法解释') return 'sz-sfj';
  return 'shifan';
}

// ---------------------------------------------------------------------------------------------
// Classification: topic (主题分类), genre (体裁), Art. 20 category

const taxonomy = JSON.parse(fs.readFileSync(path.join(root, 'src', 'modules', 'catalogue', 'taxonomy-defaults.json'), 'utf8')) as {
  topics: TaxonomyNode[];
  genres: { code: string; name: string }[];
};
const topicByPath = new Map<string, string>();
for (const t of taxonomy.topics) {
  topicByPath.set(t.name, t.code);
  for (const c of t.children ?? []) topicByPath.set(`${t.name}/${c.name}`, c.code);
}

const TOPIC_RULES: [RegExp, string][] = [
  [/信息公开|政务公开/, '0201'],
  [/电子政务|政务服务|政务数据|公共数据|政府网站|政务新媒体/, '0204'],
  [/突发事件|应急|防汛|抗旱/, '0203'],
  [/保密|保守国家秘密/, '0206'],
  [/信访/, '0207'],
  [/统计|普查/, '0303'],
  [/价格|物价/, '0304'],
  [/国有资产/, '0305'],
  [/重点建设项目|重大建设项目/, '0306'],
  [/审计/, '0408'],
  [/税/, '0402'],
  [/政府采购|财政|预算|决算|会计|彩票|收费/, '0401'],
  [/银行|信贷|融资担保/, '0403'],
  [/外汇|货币|人民币/, '0404'],
  [/证券|期货/, '0405'],
  [/信用/, '0407'],
  [/养老保险|医疗保险|失业保险|工伤|社会保险|社会保障/, '1502'],
  [/保险/, '0406'],
  [/公务员|人事/, '1503'],
  [/就业|劳动|工资|职工|职业技能|人才/, '1501'],
  [/监察/, '1505'],
  [/退役军人|军人|优抚|烈士/, '1702'],
  [/教育|学校|教师|学位|幼儿园|学前|学生|招生/, '1102'],
  [/专利|商标|著作权|知识产权|版权/, '1103'],
  [/科学技术|科技|技术进步|高新技术|自主创新|科研|科普|技术市场|技术合同/, '1101'],
  [/食品|药品|医疗器械|化妆品/, '0904'],
  [/安全生产|危险化学品|烟花爆竹|矿山安全|特种设备/, '0905'],
  [/标准化|计量/, '0903'],
  [/产品质量|质量/, '0902'],
  [/工商|企业登记|市场主体|个体工商户|广告|不正当竞争|垄断|消费者|网络交易|电子商务/, '0901'],
  [/海关/, '0803'],
  [/检验|检疫/, '0804'],
  [/旅游|旅行社|导游/, '0805'],
  [/外商投资|对外贸易|进出口|自由贸易|口岸|保税/, '0801'],
  [/商业|贸易|商品|市场|拍卖|典当/, '0802'],
  [/土地|宅基地/, '0501'],
  [/矿产|矿业|矿山|地质/, '0502'],
  [/水资源|取水|节约用水|供水/, '0503'],
  [/海洋|海域|海岛|海岸/, '0504'],
  [/煤炭/, '0505'],
  [/石油|天然气|燃气/, '0506'],
  [/电力|供电|用电/, '0507'],
  [/公路|道路运输|出租汽车|公共交通|客运|货运|汽车/, '0707'],
  [/航道|港口|船舶|船员|水运|海运|水路|引航|海事/, '0708'],
  [/铁路/, '0709'],
  [/民航|航空|机场/, '0710'],
  [/邮政|快递/, '0711'],
  [/电信|无线电|互联网|网络|信息化|计算机/, '0706'],
  [/城乡规划|城市规划|国土空间|总体规划/, '1001'],
  [/环境|污染|生态|排污|大气|噪声|固体废物|辐射|自然保护区|扬尘|垃圾/, '1003'],
  [/节能|资源综合利用|循环经济|节约/, '1004'],
  [/气象|水文|测绘|地图|地震|防震/, '1005'],
  [/住房|住宅|物业|建筑|建设工程|城市建设|房地产|房屋|市容|城市管理|园林|绿化|城镇/, '1002'],
  [/农业|农村|农民|畜牧|渔业|种子|农药|兽药|动物防疫|农产品|农机|棉|粮/, '0601'],
  [/林业|森林|林地|草原|野生植物|湿地/, '0602'],
  [/水利|防洪|河道|水土保持|水库|河湖|灌溉/, '0603'],
  [/文物|历史文化|博物馆/, '1202'],
  [/出版|新闻|印刷/, '1203'],
  [/广播|电影|电视/, '1204'],
  [/文化|演出|娱乐|图书馆/, '1201'],
  [/卫生|医疗|医院|医师|护士|疾病|传染病|疫苗|健康|母婴|中医|献血|精神|血液/, '1301'],
  [/药/, '1302'],
  [/体育|健身|运动会/, '1303'],
  [/人口|计划生育/, '1401'],
  [/妇女|儿童|未成年人/, '1402'],
  [/国家安全|反间谍|反恐怖/, '1602'],
  [/交通管理|交通安全|交通事故|治安|公安|户口|居民身份证|出境入境|出入境|枪支|爆炸物|消防|警察|禁毒|戒毒|养犬|保安/, '1601'],
  [/司法|律师|公证|法律援助|人民调解|仲裁|社区矫正|监狱|诉讼|审判|审理|案件|鉴定|人民法院|检察|刑事|刑法|犯罪|赔偿|执行|陪审/, '1603'],
  [/救灾|减灾|灾害/, '1701'],
  [/社会救助|养老|救助|殡葬|婚姻|慈善|老年人|残疾人|流浪乞讨|福利/, '1703'],
  [/地名|行政区划/, '1704'],
  [/社会团体|社团|基金会|社会组织/, '1705'],
  [/扶贫|脱贫/, '1706'],
  [/民族/, '1801'],
  [/宗教/, '1802'],
  [/外事|外国/, '1901'],
  [/条约/, '1902'],
  [/香港|澳门|港澳/, '2001'],
  [/台湾|台胞/, '2002'],
  [/华侨|归侨|侨眷|侨务/, '2003'],
  [/人民防空|国防动员/, '2102'],
  [/国防|兵役|军事|民兵|武装/, '2101'],
  [/村民|居民委员会|人民代表大会|选举|立法|法规|规范性文件|行政|政府/, '0209'],
];

const AGENCY_TOPIC: Record<string, string> = {
  'sz-fgw': '0301', 'sz-jyj': '1102', 'sz-kjj': '1101', 'sz-gaj': '1601', 'sz-mzj': '1703', 'sz-sfj': '1603', 'sz-czj': '0401',
  'sz-rsj': '1501', 'sz-zrzyj': '0501', 'sz-sthjj': '1003', 'sz-zjj': '1002', 'sz-jtysj': '0712', 'sz-wjw': '1301',
  'sz-scjgj': '0901', 'sz-zwfwj': '0204', shifan: '0209', 'donghu-jyj': '1102', 'donghu-mzj': '1703', 'xishan-zjj': '1002', 'nanjiang-sthj': '1003',
};

function mapTopic(d: CorpusDoc, agency: string): string {
  // gov.cn 主题分类 as recorded by the source ("科技、教育/教育").
  if (d.subcategory?.includes('/')) {
    const code = topicByPath.get(d.subcategory);
    if (code) return code;
  }
  if (d.category === '政府工作报告') return '0301';
  for (const [re, code] of TOPIC_RULES) if (re.test(d.title)) return code;
  return AGENCY_TOPIC[agency] ?? '0209';
}

/** 文种 from the end of a title, for documents that are typed official documents. */
function genreFromTitle(title: string): string | undefined {
  const rules: [RegExp, string][] = [
    [/决议$/, 'G01'], [/决定$/, 'G02'], [/公报$/, 'G04'], [/公告$/, 'G05'], [/通告$/, 'G06'], [/(指导)?意见$/, 'G07'],
    [/通知$/, 'G08'], [/通报$/, 'G09'], [/报告$/, 'G10'], [/批复$/, 'G12'], [/(复函|的函|答复)$/, 'G14'], [/纪要$/, 'G15'],
    [/规划(（.*）)?$/, 'G18'], [/纲要(（.*）)?$/, 'G18'], [/计划$/, 'G19'],
  ];
  for (const [re, code] of rules) if (re.test(title)) return code;
  return undefined;
}

function mapGenre(d: CorpusDoc): string {
  switch (d.category) {
    case '政府工作报告': return 'G10';
    case '人大决议': return 'G01';
    case '行政法规':
    case '部门规章':
    case '地方政府规章':
      return genreFromTitle(d.title) === 'G02' ? 'G02' : 'G16';
    case '规范性文件':
      return d.id.startsWith('gov-') ? (genreFromTitle(d.title) ?? 'G17') : 'G17';
    case '党政文件':
      return genreFromTitle(d.title) ?? 'G25';
    case '司法解释': {
      const g = genreFromTitle(d.title);
      return g === 'G12' || g === 'G02' ? g : 'G25';
    }
    default: {
      // 法律, 地方性法规, 宪法, 其他: no genre of their own in the list; 决定 keep theirs.
      const g = genreFromTitle(d.title);
      return g === 'G02' || g === 'G01' ? g : 'G25';
    }
  }
}

/** Art. 20 categories by title keywords, first match wins; regulations default to 1, the rest to 15. */
const ART20_RULES: [RegExp, number][] = [
  [/组成人员的通知|联席会议制度|工作规则|协调委员会|机构改革|职责调整|机构设置/, 2],
  [/政府工作报告|总体规划|发展规划|规划（|规划的|纲要/, 3],
  [/统计|普查/, 4],
  [/预算|决算/, 7],
  [/收费/, 8],
  [/政府采购|招标投标/, 9],
  [/重点建设项目|重大建设项目|迁址新建/, 10],
  [/突发事件|应急|灾害|防汛|抗旱|防震减灾|地震/, 12],
  [/行政处罚|处罚|行政强制|强制/, 6],
  [/许可|审批|登记/, 5],
  [/扶贫|脱贫|教育|学校|幼儿园|医疗|医院|社会保障|社会保险|养老保险|医疗保险|就业|社会救助|救助|养老/, 11],
  [/环境|污染|生态|安全生产|食品安全|食品|产品质量|卫生|特种设备|危险化学品|消防|药品/, 13],
  [/公务员录用|考试录用|招录/, 14],
];

const REGULATION_CATEGORIES = new Set(['法律', '行政法规', '部门规章', '地方性法规', '地方政府规章', '司法解释', '规范性文件', '宪法']);

function mapArt20(d: CorpusDoc): number {
  if (d.category === '政府工作报告') return 3;
  for (const [re, n] of ART20_RULES) if (re.test(d.title)) return n;
  // Replies and letters (批复, 函, 答复 to deputies' suggestions) are not normative documents.
  const g = genreFromTitle(d.title);
  if (g === 'G12' || g === 'G14') return 15;
  return REGULATION_CATEGORIES.has(d.category) ? 1 : 15;
}

// ---------------------------------------------------------------------------------------------
// Summary and keywords

/** Heading notes (题注) and structural lines are no summary material. */
function isHeadingLine(line: string): boolean {
  return /^[（(]/.test(line) || /^\d{4}年.*(通过|修正|修订|公布|发布|施行|批准)/.test(line) || /^第[一二三四五六七八九十百]+[章节编]/.test(line) || !line.includes('。');
}

/** The first sentence(s) of the body, up to about 120 characters, ending at a sentence boundary. */
function makeSummary(body: string): string | undefined {
  const lines = body.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  for (const raw of lines.slice(0, 12)) {
    if (isHeadingLine(raw)) continue;
    const line = raw.replace(/^第[一二三四五六七八九十百零]+条\s*/, '');
    const sentences = line.match(/[^。！？；]+[。！？；]/g) ?? [];
    let out = '';
    for (const s of sentences) {
      if (out.length > 0 && out.length + s.length > 120) break;
      out += s;
    }
    if (out.length === 0 || out.length > 240) continue;
    return out.replace(/；$/, '。');
  }
  return undefined;
}

const TITLE_AFFIXES = /(的)?(实施细则|实施办法|实施条例|暂行条例|暂行办法|暂行规定|若干规定|若干问题的解释|若干问题的规定|管理条例|管理办法|管理规定|条例|办法|规定|规则|细则|决定|决议|意见|通知|通报|批复|复函|答复|解释|报告|方案|守则|纲要)$/;

/** A few terms from the title: its core words (region, issuer and 文种 stripped) and its 文种. */
function makeKeywords(d: CorpusDoc): string[] {
  let t = d.title.replace(/[《》〈〉“”"]/g, '').replace(/中华人民共和国/g, '').replace(/（[^）]*）/g, '').replace(/\s+/g, '');
  t = t.replace(/^.*?关于/, '');
  const city = /^([\u4e00-\u9fa5]{2,4}?)(省|市|自治区)/.exec(d.issuer ?? '');
  if (city?.[1]) t = t.replace(new RegExp(`^${city[1]}(${city[2] ?? ''})?`), '');
  if (d.region) t = t.replace(new RegExp(`^${d.region}(省|市)?`), '');
  t = t.replace(/^(本市|全省|全市)/, '');
  const affix = TITLE_AFFIXES.exec(t);
  const kind = affix?.[2];
  let core = t.replace(TITLE_AFFIXES, '').replace(/^实施/, '').replace(/(适用法律|应用法律|具体应用法律)$/, '');
  core = core.replace(/(刑事|民事|行政)?案件$/, (m) => (m.length > 2 ? m.slice(0, -2) : m));
  const parts = core.split(/[、，,和与及]|的|关于|实施|适用|办理|审理|若干|问题|有关/).map((p) => p.trim()).filter((p) => p.length >= 2 && p.length <= 12);
  const out: string[] = [];
  for (const p of parts) if (!out.includes(p) && out.length < 3) out.push(p);
  if (out.length === 0 && core.length >= 2) out.push(core.slice(0, 20));
  if (kind && !out.includes(kind)) out.push(kind);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Load and filter

const raw = gunzipSync(fs.readFileSync(corpusPath)).toString('utf8');
const corpus: CorpusDoc[] = raw.split('\n').filter((l) => l.trim().length > 0).map((l) => JSON.parse(l) as CorpusDoc);
const skipped = { noDate: 0, personalData: 0, caseReports: 0, tooShort: 0 };
const eligible: CorpusDoc[] = [];
for (const d of corpus) {
  if (!d.date || !/^\d{4}-\d{2}-\d{2}$/.test(d.date)) { skipped.noDate++; continue; }
  if (ID_NUMBER.test(d.body) || MOBILE.test(d.body)) { skipped.personalData++; continue; }
  // Typical court cases are about individuals, not a government catalogue's content.
  if (d.category === '司法案例') { skipped.caseReports++; continue; }
  if (d.body.trim().length < 80) { skipped.tooShort++; continue; }
  eligible.push(d);
}
eligible.sort(byHash);
const byTitle = new Map<string, CorpusDoc[]>();
for (const d of eligible) {
  const list = byTitle.get(d.title) ?? [];
  list.push(d);
  byTitle.set(d.title, list);
}

// ---------------------------------------------------------------------------------------------
// 解读 links: implementing rules and judicial interpretations of a law or regulation in the sample

interface Link { from: CorpusDoc; to: CorpusDoc; kind: string }

/** The version of the interpreted text in force when the interpreting one was made (else the earliest later one). */
function versionFor(title: string, date: string): CorpusDoc | undefined {
  const versions = (byTitle.get(title) ?? []).filter((v) => v.body.length <= REQUIRED_MAX_BODY).sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  const before = versions.filter((v) => (v.date ?? '') <= date);
  return before.at(-1) ?? versions[0];
}

const LINK_PATTERNS: { re: RegExp; target: (m: RegExpExecArray) => string; kind: string; categories: string[] }[] = [
  { re: /^中华人民共和国(.+法)(实施条例|实施细则|实施办法)$/, target: (m) => `中华人民共和国${m[1] ?? ''}`, kind: '实施条例/细则 of a law', categories: ['行政法规'] },
  { re: /实施《(中华人民共和国.+?法)》/, target: (m) => m[1] ?? '', kind: 'local implementing regulation of a law', categories: ['地方性法规'] },
  { re: /关于适用《(中华人民共和国.+?法)》/, target: (m) => m[1] ?? '', kind: '司法解释 of a law', categories: ['司法解释'] },
  { re: /^(?:中华人民共和国)?(.+条例)实施(?:细则|办法)$/, target: (m) => m[1] ?? '', kind: '实施细则 of an administrative regulation', categories: ['部门规章', '规范性文件', '地方政府规章'] },
];

const links: Link[] = [];
for (const d of eligible) {
  if (d.body.length > REQUIRED_MAX_BODY) continue;
  for (const p of LINK_PATTERNS) {
    if (!p.categories.includes(d.category)) continue;
    const m = p.re.exec(d.title);
    if (!m) continue;
    let title = p.target(m);
    if (!byTitle.has(title) && byTitle.has(`中华人民共和国${title}`)) title = `中华人民共和国${title}`;
    const to = versionFor(title, d.date ?? '');
    if (to && to.id !== d.id) links.push({ from: d, to, kind: p.kind });
    break;
  }
}
// Keep a spread of link kinds, at most 12 of each, shortest pairs first.
const chosenLinks: Link[] = [];
for (const kind of new Set(links.map((l) => l.kind))) {
  const ofKind = links.filter((l) => l.kind === kind).sort((a, b) => a.from.body.length + a.to.body.length - (b.from.body.length + b.to.body.length) || byHash(a.from, b.from));
  chosenLinks.push(...ofKind.slice(0, 12));
}

// ---------------------------------------------------------------------------------------------
// Selection

const selected = new Map<string, CorpusDoc>();
const agencyOf = new Map<string, string>();
const take = (d: CorpusDoc, agency = mapAgency(d)): void => {
  if (selected.has(d.id)) return;
  selected.set(d.id, d);
  agencyOf.set(d.id, agency);
};

// Documents people look for by name (the search acceptance and the judged queries need them).
for (const id of ['lrb-a232c94b84ab', 'lrb-38ea33c63407']) {
  const d = corpus.find((x) => x.id === id);
  if (d) take(d);
}
for (const l of chosenLinks) { take(l.from); take(l.to); }
// gov.cn State Council documents: complete metadata (文号, 主题分类), all short.
for (const d of eligible) if (d.id.startsWith('gov-') && d.body.length <= REQUIRED_MAX_BODY) take(d);
// The three latest dated government work reports (longer than the filler limit: the one exception).
for (const d of eligible.filter((x) => x.category === '政府工作报告').sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '')).slice(0, 3)) take(d);
for (const d of eligible) if ((d.category === '人大决议' || d.category === '党政文件' || d.category === '地方政府规章') && d.body.length <= REQUIRED_MAX_BODY) take(d);
// Documents that are no longer in force.
for (const d of eligible.filter((x) => x.status === '已失效' && x.body.length <= FILLER_MAX_BODY).slice(0, 40)) take(d);
// Rare Art. 20 categories: up to 6 of each.
for (const n of [2, 3, 4, 7, 8, 9, 10, 12, 14]) {
  for (const d of eligible.filter((x) => mapArt20(x) === n && x.body.length <= REQUIRED_MAX_BODY).slice(0, 6)) take(d);
}

// District, county, township and sub-district bodies: documents on their kind of work.
const LOCAL_TARGETS: { slug: string; count: number; re: RegExp }[] = [
  { slug: 'donghu-jyj', count: 12, re: /教育|学校|幼儿园|学前|学生/ },
  { slug: 'donghu-mzj', count: 12, re: /社会救助|养老服务|救助|老年人|殡葬|残疾人|慈善/ },
  { slug: 'xishan-zjj', count: 12, re: /物业|住宅|住房|房屋|建筑|城市建设|市容/ },
  { slug: 'nanjiang-sthj', count: 12, re: /环境|污染|生态|噪声|大气|扬尘/ },
  { slug: 'hubin', count: 4, re: /居民委员会|社区|养犬|生活垃圾/ },
  { slug: 'qingshi-zhen', count: 4, re: /村民委员会|农村|宅基地|土地承包/ },
  { slug: 'baisha', count: 4, re: /农业|种子|动物防疫|农民|畜禽|林业|森林/ },
  { slug: 'qingshi', count: 11, re: /农业|农村|林业|森林|水利|水土保持|乡村|粮食|河道/ },
  { slug: 'donghu', count: 11, re: /全民健身|志愿服务|文明|公园|爱国卫生|历史文化|文化|旅游/ },
  { slug: 'xishan', count: 11, re: /城市管理|绿化|园林|市政|停车|道路|燃气|供水/ },
  { slug: 'nanjiang', count: 11, re: /河道|河湖|湿地|水资源|节约用水|防洪|港口|渔业/ },
];
for (const t of LOCAL_TARGETS) {
  // City-level local regulations first: closest to what a district or township would publish.
  const pool = eligible.filter((d) => !selected.has(d.id) && t.re.test(d.title) && d.body.length <= FILLER_MAX_BODY && d.category !== '司法解释' && d.category !== '法律');
  pool.sort((a, b) => Number(!/市人民代表大会/.test(a.issuer ?? '')) - Number(!/市人民代表大会/.test(b.issuer ?? '')) || byHash(a, b));
  for (const d of pool.slice(0, t.count)) take(d, t.slug);
}

// Filler: every city body up to its cap, documents from 2000 on first.
const AGENCY_CAP: Record<string, number> = { shifan: 170 };
const DEFAULT_CAP = 72;
const TARGET_TOTAL = 1200;
const countOf = (slug: string): number => [...agencyOf.values()].filter((a) => a === slug).length;
const fillerPool = eligible.filter((d) => d.body.length <= FILLER_MAX_BODY && !selected.has(d.id));
fillerPool.sort((a, b) => Number((a.date ?? '') < '2000') - Number((b.date ?? '') < '2000') || byHash(a, b));
// Round-robin over categories so that the sample is not mostly 地方性法规.
const CATEGORY_SHARE: Record<string, number> = { 地方性法规: 0.42, 行政法规: 0.22, 部门规章: 0.2, 司法解释: 0.1, 法律: 0.08, 规范性文件: 0.05 };
const counts = new Map<string, number>();
// First pass within the category shares, second pass without them (until the target is reached).
for (const withShares of [true, false]) {
  for (const d of fillerPool) {
    if (selected.size >= TARGET_TOTAL) break;
    if (selected.has(d.id)) continue;
    const agency = mapAgency(d);
    if (countOf(agency) >= (AGENCY_CAP[agency] ?? DEFAULT_CAP)) continue;
    const c = counts.get(d.category) ?? 0;
    if (withShares && c >= Math.ceil((CATEGORY_SHARE[d.category] ?? 0.02) * TARGET_TOTAL)) continue;
    counts.set(d.category, c + 1);
    take(d, agency);
  }
}

// ---------------------------------------------------------------------------------------------
// Validity: documents marked 已失效 in the source

interface Ending { validity: Validity; on: string; how: string }

function findEnding(d: CorpusDoc): Ending {
  const date = d.date ?? '';
  // 1. Another document that says it repeals this one ("…《title》同时废止").
  const needle = `《${d.title}》`;
  for (const other of corpus) {
    if (other.id === d.id || !other.body.includes(needle)) continue;
    for (const line of other.body.split('\n')) {
      if (!line.includes(needle) || !/废止/.test(line)) continue;
      const m = /自(\d{4})年(\d{1,2})月(\d{1,2})日起施行/.exec(line);
      const on = m ? isoDate(m[1] ?? '', m[2] ?? '', m[3] ?? '') : other.date;
      if (on && on > date) return { validity: 'repealed', on, how: `repealed by ${other.id}` };
    }
  }
  // 2. A later version of the same text replaced it.
  const later = (byTitle.get(d.title) ?? []).filter((v) => (v.date ?? '') > date).sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''))[0];
  if (later?.date) return { validity: 'expired', on: later.date, how: `superseded by ${later.id}` };
  // 3. No date in the sources: a plausible one (demo), one year after the last version.
  return { validity: 'expired', on: addDays(date, 365), how: 'plausible date (not in the sources)' };
}

// ---------------------------------------------------------------------------------------------
// Disclosure designations (demo only: every corpus document is in fact public)

const WITHHELD: Record<string, string> = {
  'gov-80cce8d618e2': 'art14_state_secret', // relocation and new construction of military premises
  'gov-e54f163a09b2': 'art14_security', // survey of abandoned chemical weapons
  'gov-f9e0a52b9372': 'art16_internal', // handling of issues raised during a leader's inspection
  'gov-b0105bddc67c': 'art16_process', // same kind, as process information
  'gov-4f0ad2f834b9': 'art16_process', // reply on gold economic policy questions
};
const onRequest = new Set<string>();
{
  const replies = [...selected.values()].filter((d) => !WITHHELD[d.id] && /(批复|复函|的函|答复)$/.test(d.title) && !/总体规划|迁址新建|应急|预案|灾害/.test(d.title)).sort(byHash);
  for (const d of replies.slice(0, 10)) onRequest.add(d.id);
}

// ---------------------------------------------------------------------------------------------
// Lines

const linkByFrom = new Map(chosenLinks.filter((l) => selected.has(l.to.id)).map((l) => [l.from.id, l]));
const endings = new Map<string, Ending>();
const lines: ImportLine[] = [];
for (const d of [...selected.values()].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id))) {
  const agency = agencyOf.get(d.id) ?? 'shifan';
  const generatedOn = d.date ?? '';
  const delay = parseInt(hashOf(`published:${d.id}`).slice(0, 2), 16) % 8;
  const line: ImportLine = {
    key: d.id,
    agency,
    title: d.title,
    generatedOn,
    publishedOn: addDays(generatedOn, delay),
    topic: mapTopic(d, agency),
    genre: mapGenre(d),
    keywords: makeKeywords(d),
    disclosure: WITHHELD[d.id] ? 'withheld' : onRequest.has(d.id) ? 'on_request' : 'proactive',
    art20: mapArt20(d),
    validity: 'in_force',
    bodyText: d.body,
    state: 'published',
  };
  const summary = makeSummary(d.body);
  if (summary) line.summary = summary;
  if (d.doc_number) line.docNumber = d.doc_number;
  const ground = WITHHELD[d.id];
  if (ground) line.withheldGround = ground;
  if (d.status === '已失效') {
    const e = findEnding(d);
    endings.set(d.id, e);
    line.validity = e.validity;
    line.repealedOn = e.on;
  }
  const link = linkByFrom.get(d.id);
  if (link) line.interprets = link.to.id;
  lines.push(line);
}

const keys = new Set(lines.map((l) => l.key));
for (const l of lines) if (l.interprets && !keys.has(l.interprets)) throw new Error(`${l.key} interprets ${l.interprets}, not in the sample`);

const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
const gz = gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
if (gz.length > MAX_FILE_BYTES) throw new Error(`demo/catalogue.jsonl.gz would be ${gz.length} bytes, over ${MAX_FILE_BYTES}`);
fs.writeFileSync(outPath, gz);

// ---------------------------------------------------------------------------------------------
// Summary

const tally = <K extends string | number>(values: K[]): string => {
  const m = new Map<K, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${k}: ${n}`).join(', ');
};
const art20Missing = Array.from({ length: 15 }, (_, i) => i + 1).filter((n) => !lines.some((l) => l.art20 === n));
console.log(`demo/catalogue.jsonl.gz: ${lines.length} items, ${gz.length} bytes (${(gz.length / 1024 / 1024).toFixed(2)} MB), from ${corpus.length} corpus documents`);
console.log(`skipped: ${JSON.stringify(skipped)}`);
console.log(`by agency: ${tally(lines.map((l) => l.agency))}`);
console.log(`by category: ${tally(lines.map((l) => selected.get(l.key)?.category ?? '?'))}`);
console.log(`by art20: ${tally(lines.map((l) => l.art20))}${art20Missing.length ? `; none for ${art20Missing.join(', ')}` : ''}`);
console.log(`by genre: ${tally(lines.map((l) => l.genre))}`);
console.log(`disclosure: ${tally(lines.map((l) => l.disclosure))}`);
console.log(`validity: ${tally(lines.map((l) => l.validity))}; repealedOn ${tally([...endings.values()].map((e) => e.how.replace(/ by .*/, ' by another corpus document')))}`);
console.log(`interprets links: ${lines.filter((l) => l.interprets).length} (${tally([...linkByFrom.values()].map((l) => l.kind))})`);
console.log(`without summary: ${lines.filter((l) => !l.summary).length}; longest body: ${Math.max(...lines.map((l) => l.bodyText.length))} characters`);
