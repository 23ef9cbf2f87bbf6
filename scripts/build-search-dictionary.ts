/**
 * Builds src/platform/search/gov-terms.txt, the jieba user dictionary of government terms that
 * keeps 政府信息公开, 依申请公开, 统一社会信用代码 … whole (issue 7).
 *
 *   node --import tsx scripts/build-search-dictionary.ts [corpusPath]
 *
 * Sources, all normalised with the search normaliser (Simplified, lower case):
 *   1. a curated seed list (SEED below): OGI terms, administrative power categories, 公文 genres,
 *      social-policy and administrative-law terms;
 *   2. Chinese terms of docs/glossary.md and ../shared/domain/ogi-rules.md (Han runs of 3–8
 *      characters standing alone between punctuation, without function characters);
 *   3. agency names of demo/city.json (with and without the 示范市 / district prefix) and the
 *      issuers (发文机关) of the corpus;
 *   4. titles of demo/catalogue.jsonl.gz and, when present, ../shared/corpus/gov-docs.jsonl.gz:
 *      short names of laws and rules (the title without 中华人民共和国 or a place prefix, when it
 *      ends in 法/条例/办法/规定/细则/规则 and has at most 14 characters, plus 《…》 names), and
 *      collocations — runs of 2–3 adjacent jieba words that occur in at least 4 titles with a
 *      strong association (PMI), contain no function word and start with no single character.
 * Terms are pure Han, 3–16 characters. Each gets a frequency high enough that jieba keeps it whole.
 * Deterministic: the output is sorted and depends only on the inputs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { normalizeText } from '../src/platform/search/text.js';

const root = path.resolve(import.meta.dirname, '..');
const corpusPath = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'corpus', 'gov-docs.jsonl.gz'));
const outPath = path.join(root, 'src', 'platform', 'search', 'gov-terms.txt');

/** Hand-written core terms. */
const SEED = `
政府信息公开 政务公开 主动公开 依申请公开 不予公开 部分公开 政府信息公开条例 政府信息公开指南 政府信息公开目录
政府信息公开申请 政府信息公开工作机构 政府信息公开工作年度报告 政府信息公开平台 政府信息公开专栏 信息公开申请
政务公开办 政务公开工作 政务公开要点 公开属性 公开方式 公开范围 公开时限 索引号 发文字号 成文日期 发布日期 发文机关
主题分类 体裁分类 信息处理费 补正告知书 答复告知书 延期答复 征求意见 第三方意见 重复申请 申请编号 查询码 答复期限
行政复议 行政诉讼 行政许可 行政处罚 行政强制 行政征收 行政给付 行政检查 行政确认 行政奖励 行政裁决 其他行政权力
权责清单 权力清单 责任清单 负面清单 公共服务事项 政务服务事项 办事指南 政务服务 一网通办 一件事一次办 最多跑一次
规范性文件 行政规范性文件 政府规章 地方性法规 行政法规 部门规章 地方政府规章 司法解释 政策解读 新闻发布会 政策文件
统一社会信用代码 组织机构代码 社会信用体系 信用信息 失信联合惩戒 守信联合激励 红黑名单 双随机一公开
最低生活保障 城乡居民最低生活保障 特困人员 临时救助 社会救助 医疗救助 住房保障 公共租赁住房 保障性住房 廉租住房
基本养老保险 基本医疗保险 失业保险 工伤保险 生育保险 社会保险 住房公积金 城乡居民基本养老保险 养老服务 残疾人
义务教育 学前教育 职业教育 高等教育 教育收费 招生考试 学生资助 助学金 奖学金
财政预算 财政决算 部门预算 部门决算 三公经费 政府采购 政府预算 预算执行 转移支付 专项资金 政府债务 专项债券
重大行政决策 重大建设项目 公共资源交易 招标投标 国有土地上房屋征收 房屋征收 征地补偿 集体土地征收 土地利用总体规划
国土空间规划 城乡规划 建设工程规划许可证 建设用地规划许可证 施工许可证 环境影响评价 环境保护 生态环境 突发环境事件
安全生产 食品安全 药品安全 市场监管 特种设备 价格监督 消费者权益保护 知识产权 专利 商标
突发事件 应急预案 应急管理 防汛抗旱 自然灾害 公共卫生 突发公共卫生事件 疫情防控 传染病防治
人民政府 人民代表大会 常务委员会 人大常委会 政协 政府工作报告 国民经济和社会发展 五年规划 统计公报
办公厅 办公室 发展和改革委员会 人力资源和社会保障 住房和城乡建设 卫生健康委员会 市场监督管理局 生态环境局 自然资源局
公安局 民政局 司法局 财政局 教育局 审计局 统计局 税务局 交通运输局 水务局 农业农村局 商务局 文化和旅游局 应急管理局
政务服务数据管理局 信访局 街道办事处 居民委员会 村民委员会 乡镇人民政府
通知 通告 公告 决定 命令 意见 批复 报告 请示 函 纪要 议案 决议 公报 实施意见 实施方案 工作方案 行动计划 管理办法
实施细则 暂行办法 暂行规定 若干规定 若干意见 指导意见 管理规定 工作规则 工作要点 工作总结 工作计划
信访 信访事项 政务督查 建议提案 人大代表建议 政协委员提案 建议提案办理 人事任免 公务员招录 事业单位公开招聘
行政执法 执法公示 执法全过程记录 重大执法决定法制审核 行政执法三项制度 双公示 行政许可决定 行政处罚决定
涉企收费 行政事业性收费 政府性基金 收费目录清单 减税降费 营商环境 优化营商环境 放管服 证明事项 告知承诺制
脱贫攻坚 乡村振兴 扶贫开发 精准扶贫 农村集体经济 耕地保护 高标准农田 退役军人 优抚安置 拥军优属
个人信息 个人隐私 商业秘密 国家秘密 工作秘密 保密审查 过程性信息 内部事务信息 三需要
`;

/** Characters that mark a fragment rather than a term. */
const FUNCTION_CHARS = /[的了是在着吗呢吧啊将被把这那其之此每各该但而或即若如等]/u;
/** jieba words that never begin, end or sit inside a collocation. */
const STOP_WORDS = new Set(['关于', '有关', '和', '与', '及', '及其', '以及', '对', '对于', '等', '为', '中', '第', '年', '月', '日', '在', '从', '由', '向', '于', '做好', '进一步', '加强', '印发', '转发', '开展', '实施', '贯彻', '落实', '一些', '若干', '部分', '个', '其', '上', '下', '号', '通知', '意见', '决定', '批复', '公告', '通告', '函', '办理', '审理', '适用', '处理', '执行', '问题', '解释', '规定', '批准', '修改', '废止', '公布', '施行', '属于', '面向', '代为', '当面', '具体', '应用', '自由', '条例', '办法', '管理办法', '细则', '规则', '守则', '法']);
/** First words that show a law name lost its subject when the place prefix was cut (…风景名胜区保护管理条例). */
const GENERIC_HEAD = new Set(['保护', '管理', '实施', '若干', '促进', '委员会', '选举', '办法', '条例', '规定', '细则', '规则', '暂行', '补充', '试行', '工作']);
/** Single-character words allowed at the end of a collocation (法, 局, 费 …). */
const SUFFIX_CHARS = new Set([...'法局厅委办费证权制税金站所院处会区县市省部署室科队']);
const LAW_END = /(法|条例|办法|规定|细则|规则)$/u;
const PLACE_PREFIX = /^(中华人民共和国|\p{Script=Han}{2,3}(省|市|自治区))/u;

const jieba = Jieba.withDict(dict);
const terms = new Map<string, string>(); // term → source (for the counts in the header)

function add(raw: string, source: string): void {
  const t = normalizeText(raw).replace(/\s+/g, '');
  if (!/^\p{Script=Han}{3,16}$/u.test(t) || terms.has(t)) return;
  terms.set(t, source);
}

function readJsonl<T>(file: string): T[] {
  return gunzipSync(fs.readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as T);
}

// 1. Seed.
for (const w of SEED.split(/\s+/)) add(w, 'seed');

// 2. Glossary and the OGI rules: Han runs standing alone between punctuation or markup.
for (const file of [path.join(root, 'docs', 'glossary.md'), path.join(root, '..', 'shared', 'domain', 'ogi-rules.md')]) {
  if (!fs.existsSync(file)) continue;
  const text = normalizeText(fs.readFileSync(file, 'utf8'));
  for (const m of text.matchAll(/(?<![\p{Script=Han}])\p{Script=Han}{3,8}(?![\p{Script=Han}])/gu)) {
    const run = m[0];
    if (FUNCTION_CHARS.test(run)) continue;
    const words = jieba.cut(run, false);
    if (words.length < 2 || words[0]!.length < 2 || STOP_WORDS.has(words[0]!) || STOP_WORDS.has(words.at(-1)!)) continue;
    add(run, 'docs');
  }
}

// 3. Agencies of the demo city and issuers of the corpus.
interface CityNode {
  name: string;
  officeName?: string;
  children?: CityNode[];
}
const walk = (n: CityNode): void => {
  for (const name of [n.name, n.name.replace(/^示范市/, ''), n.name.replace(/^示范市?[\p{Script=Han}]{1,3}?(区|县)/u, '')]) add(name, 'agency');
  for (const c of n.children ?? []) walk(c);
};
walk(JSON.parse(fs.readFileSync(path.join(root, 'demo', 'city.json'), 'utf8')) as CityNode);

interface Titled {
  title: string;
  issuer?: string | null;
}
const titles: string[] = readJsonl<Titled>(path.join(root, 'demo', 'catalogue.jsonl.gz')).map((d) => d.title);
if (fs.existsSync(corpusPath)) {
  for (const d of readJsonl<Titled>(corpusPath)) {
    titles.push(d.title);
    for (const issuer of (d.issuer ?? '').split(/[、,，\s]+/u)) add(issuer, 'agency');
  }
}
const uniqueTitles = [...new Set(titles.map((t) => normalizeText(t)))];

// 4a. Short names of laws and rules, and the names quoted in titles.
for (const title of uniqueTitles) {
  for (const m of title.matchAll(/《([^》]{3,20})》/gu)) add((m[1] ?? '').replace(/^中华人民共和国/u, ''), 'law');
  const bare = title.replace(/[(（][^)）]*[)）]$/u, '').replace(/^关于/u, '');
  if (!LAW_END.test(bare) || /[关的]/u.test(bare)) continue;
  const name = bare.replace(PLACE_PREFIX, '');
  if (name.length >= 4 && name.length <= 14 && !GENERIC_HEAD.has(jieba.cut(name, false)[0]!)) add(name, 'law');
}

// 4b. Collocations: adjacent jieba words that occur together in many titles.
const wordDocs = new Map<string, number>();
const gramDocs = new Map<string, { count: number; parts: string[]; next: Map<string, number>; prev: Map<string, number> }>();
const bump = (m: Map<string, number>, k: string | undefined) => {
  if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
};
for (const title of uniqueTitles) {
  const seenWords = new Set<string>();
  const seenGrams = new Set<string>();
  for (const run of title.match(/\p{Script=Han}+/gu) ?? []) {
    const words = jieba.cut(run, false);
    for (const w of words) seenWords.add(w);
    for (let n = 2; n <= 3; n++) {
      for (let i = 0; i + n <= words.length; i++) {
        const parts = words.slice(i, i + n);
        const gram = parts.join('');
        if (seenGrams.has(gram)) continue;
        seenGrams.add(gram);
        const g = gramDocs.get(gram) ?? { count: 0, parts, next: new Map<string, number>(), prev: new Map<string, number>() };
        g.count++;
        bump(g.next, words[i + n]);
        bump(g.prev, words[i - 1]);
        gramDocs.set(gram, g);
      }
    }
  }
  for (const w of seenWords) wordDocs.set(w, (wordDocs.get(w) ?? 0) + 1);
}
const docCount = uniqueTitles.length;
for (const [gram, { count, parts, next, prev }] of gramDocs) {
  // A fragment of a longer unit (行政处罚自由 → 裁量) is nearly always followed or preceded by the same word.
  if (Math.max(0, ...next.values(), ...prev.values()) >= 0.6 * count) continue;
  if (count < 4 || gram.length < 3 || gram.length > 10 || FUNCTION_CHARS.test(gram)) continue;
  if (parts.some((p) => STOP_WORDS.has(p)) || parts[0]!.length === 1) continue;
  const last = parts.at(-1)!;
  if (last.length === 1 && !SUFFIX_CHARS.has(last)) continue;
  if (parts.some((p) => /^[\d〇零一二三四五六七八九十百千]+$/u.test(p))) continue;
  // Pointwise mutual information of the parts, by title counts.
  const pmi = Math.log(count / docCount) - parts.reduce((s, p) => s + Math.log((wordDocs.get(p) ?? 1) / docCount), 0);
  if (pmi >= 2.5) add(gram, 'title');
}

// Frequencies: start high enough for most terms, then raise until jieba keeps each one whole.
const freq = new Map<string, number>([...terms.keys()].map((t) => [t, 20000]));
const check = Jieba.withDict(dict);
for (let round = 0; round < 3; round++) {
  check.loadDict(Buffer.from([...freq].map(([t, f]) => `${t} ${f} n`).join('\n')));
  let raised = 0;
  for (const t of freq.keys()) {
    if (check.cut(t, false).length > 1) {
      freq.set(t, freq.get(t)! * 10);
      raised++;
    }
  }
  if (raised === 0) break;
}

const sorted = [...terms.keys()].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN') || (a < b ? -1 : 1));
const bySource = new Map<string, number>();
for (const s of terms.values()) bySource.set(s, (bySource.get(s) ?? 0) + 1);
const header = [
  '# Government terms for the search tokeniser (jieba user dictionary: word freq tag).',
  '# Generated by scripts/build-search-dictionary.ts — do not edit by hand; edit SEED there and rebuild.',
  `# ${sorted.length} terms: ${[...bySource].map(([s, n]) => `${s} ${n}`).join(', ')}.`,
  '# seed: curated core terms; docs: docs/glossary.md and ogi-rules.md; agency: demo city and corpus issuers;',
  '# law: short names of laws and rules in titles; title: collocations of jieba words frequent in titles (PMI).',
];
fs.writeFileSync(outPath, `${header.join('\n')}\n${sorted.map((t) => `${t} ${freq.get(t)} n`).join('\n')}\n`);
console.log(`${sorted.length} terms → ${path.relative(root, outPath)} (${[...bySource].map(([s, n]) => `${s} ${n}`).join(', ')})`);
