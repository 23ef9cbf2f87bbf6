import { systemActor } from '#platform/actor.js';
import type { Database } from '#platform/db/database.js';
import { Conflict } from '#platform/errors.js';
import type { StandardsService } from './standards.service.js';

/** One demo entry: the form's fields, plus title fragments of the agency's demo items to link. */
interface DemoEntry {
  area: string;
  level1: string;
  level2: string;
  content: string;
  basis: string;
  timeLimit: string;
  channels: string[];
  levels: string[];
  method?: 'proactive' | 'on_request';
  audience?: 'all' | 'specific';
  audienceNote?: string;
  link?: string[];
}

const T20 = '信息形成或者变更之日起20个工作日内';
const ASSIST = '《社会救助暂行办法》；《最低生活保障审核确认办法》';
const BUDGET = '《中华人民共和国预算法》第十四条；《地方预决算公开操作规程》';

/** Entries every base-level government in the demo has (社会救助, 养老服务, 就业, 财政预决算). */
function baseLevel(levels: string[]): DemoEntry[] {
  return [
    { area: 'social-assistance', level1: '最低生活保障', level2: '低保政策和保障标准', content: '低保政策文件、保障标准、申请条件、办理程序、咨询电话', basis: ASSIST, timeLimit: T20, channels: ['website', 'notice-board', 'service-station'], levels },
    { area: 'social-assistance', level1: '最低生活保障', level2: '低保对象和资金发放', content: '低保对象姓名（部分隐藏）、家庭人口、保障金额、所在村（社区）', basis: ASSIST, timeLimit: '每月公示', channels: ['notice-board', 'website'], levels },
    { area: 'social-assistance', level1: '临时救助', level2: '临时救助对象和救助金额', content: '救助对象、救助事由、救助金额', basis: ASSIST, timeLimit: '每季度公开', channels: ['notice-board', 'website'], levels },
    { area: 'social-assistance', level1: '特困人员救助供养', level2: '特困人员认定结果', content: '认定结果、救助供养标准', basis: '《特困人员认定办法》', timeLimit: '认定之日起20个工作日内', channels: ['door-to-door', 'other'], levels, method: 'on_request', audience: 'specific', audienceNote: '申请人本人及其家庭成员' },
    { area: 'elderly-care', level1: '养老服务', level2: '高龄津贴发放', content: '发放对象、发放标准、发放金额', basis: '本地高龄津贴制度实施办法', timeLimit: '每季度公开', channels: ['notice-board', 'service-station'], levels },
    { area: 'elderly-care', level1: '养老服务', level2: '养老服务设施', content: '居家养老服务站点名称、地址、服务内容、开放时间、联系电话', basis: '《养老机构管理办法》', timeLimit: '长期公开，变更后及时更新', channels: ['website', 'new-media', 'notice-board'], levels },
    { area: 'employment', level1: '就业服务', level2: '公益性岗位招聘', content: '岗位名称、数量、条件、报名方式、招聘结果', basis: '《就业服务与就业管理规定》', timeLimit: T20, channels: ['website', 'notice-board', 'push'], levels },
    { area: 'employment', level1: '就业服务', level2: '就业困难人员认定', content: '认定条件、办理程序、认定结果', basis: '《中华人民共和国就业促进法》', timeLimit: T20, channels: ['service-centre', 'service-station'], levels, method: 'on_request', audience: 'specific', audienceNote: '申请认定的本人' },
    { area: 'budget', level1: '财政预决算', level2: '部门预算', content: '部门预算报表和说明、“三公”经费预算', basis: BUDGET, timeLimit: '预算批复后20日内，每年公开', channels: ['website'], levels: levels.filter((l) => l !== 'village') },
    { area: 'budget', level1: '财政预决算', level2: '部门决算', content: '部门决算报表和说明、“三公”经费决算', basis: BUDGET, timeLimit: '决算批复后20日内，每年公开', channels: ['website'], levels: levels.filter((l) => l !== 'village') },
  ];
}

const DEMO: Record<string, DemoEntry[]> = {
  hubin: [
    ...baseLevel(['township', 'village']),
    { area: 'urban-enforcement', level1: '城市管理', level2: '养犬管理', content: '养犬管理规定、犬只登记办理程序、禁养区域和禁养犬种', basis: '本市养犬管理规定', timeLimit: T20, channels: ['website', 'notice-board'], levels: ['township', 'village'], link: ['养犬管理'] },
  ],
  'qingshi-zhen': [
    ...baseLevel(['township', 'village']),
    { area: 'farm-subsidies', level1: '涉农补贴', level2: '耕地地力保护补贴', content: '补贴政策、补贴对象、补贴面积、补贴标准和金额', basis: '《中央财政农业相关转移支付资金管理办法》', timeLimit: '每年发放后公示', channels: ['notice-board', 'website', 'door-to-door'], levels: ['township', 'village'] },
    { area: 'farm-subsidies', level1: '涉农补贴', level2: '农机购置补贴', content: '补贴机具目录、补贴额、申请程序、补贴对象和金额', basis: '《农机购置与应用补贴实施意见》', timeLimit: T20, channels: ['notice-board', 'website'], levels: ['township', 'village'] },
    { area: 'other', level1: '村务管理', level2: '农村集体资产和财务管理', content: '集体资产管理制度、集体经济审计结果、财务收支', basis: '本省农村集体资产管理条例；农村集体经济审计条例', timeLimit: T20, channels: ['notice-board', 'website'], levels: ['township', 'village'], link: ['农村集体资产', '农村集体经济审计'] },
    { area: 'municipal-services', level1: '农村公路', level2: '农村公路建设和养护', content: '农村公路规划、建设项目、养护管理规定', basis: '本省农村公路条例', timeLimit: T20, channels: ['website', 'notice-board'], levels: ['township', 'village'], link: ['农村公路'] },
    { area: 'other', level1: '村务管理', level2: '村民委员会选举', content: '选举办法、选民名单、候选人名单、选举结果', basis: '《中华人民共和国村民委员会组织法》', timeLimit: '选举各阶段及时公告', channels: ['notice-board'], levels: ['village'], link: ['村民委员会组织法'] },
  ],
  'donghu-mzj': [
    ...baseLevel(['county']),
    { area: 'social-assistance', level1: '流浪乞讨人员救助', level2: '救助政策和救助管理站', content: '救助政策、救助管理站地址和求助电话', basis: '《城市生活无着的流浪乞讨人员救助管理办法》', timeLimit: T20, channels: ['website', 'hotline'], levels: ['county'], link: ['流浪乞讨'] },
    { area: 'elderly-care', level1: '养老服务', level2: '老年人权益保障和居家养老政策', content: '老年人权益保障、居家养老服务政策文件及解读', basis: '《中华人民共和国老年人权益保障法》', timeLimit: T20, channels: ['website', 'new-media'], levels: ['county'], link: ['老年人权益', '居家养老'] },
    { area: 'employment', level1: '残疾人就业', level2: '残疾人就业和权益保障政策', content: '残疾人就业、康复和权益保障政策文件', basis: '《残疾人就业条例》', timeLimit: T20, channels: ['website'], levels: ['county'], link: ['残疾'] },
    { area: 'other', level1: '殡葬管理', level2: '殡葬政策和收费标准', content: '殡葬管理规定、基本殡葬服务项目和收费标准', basis: '《殡葬管理条例》', timeLimit: T20, channels: ['website', 'notice-board'], levels: ['county'], link: ['殡葬'] },
  ],
};

const SECTOR_DEMO: [slug: string, sector: string][] = [
  ['sz-water', 'water'],
  ['sz-gas', 'gas'],
  ['sz-hospital', 'health'],
  ['sz-bus', 'transport'],
];

/**
 * Demo standard catalogues: base-level entries for 湖滨街道, 青石镇 and 东湖区民政局 (linked to their demo
 * catalogue items where titles match) and the sector catalogues of four public enterprises. Runs
 * through the service, so every row is audited; running it again adds nothing.
 */
export async function seedStandards(c: { db: Database; standards: StandardsService }): Promise<{ entries: number; links: number }> {
  const actor = systemActor('demo');
  const orgId = async (slug: string) => (await c.db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
  let entries = 0;
  let links = 0;
  for (const [slug, list] of Object.entries(DEMO)) {
    const org = await orgId(slug);
    if (!org) continue;
    for (const [i, e] of list.entries()) {
      const { link, ...form } = e;
      let id: string;
      try {
        id = await c.standards.create(actor, org, { ...form, limitKind: '', sortOrder: String((i + 1) * 10) });
        entries++;
      } catch (err) {
        if (err instanceof Conflict) continue;
        throw err;
      }
      if (!link) continue;
      const items = await c.db
        .selectFrom('catalogueItems')
        .select(['id'])
        .where('orgId', '=', org)
        .where((eb) => eb.or(link.map((t) => eb('title', 'like', `%${t}%`))))
        .orderBy('id')
        .limit(10)
        .execute();
      if (items.length > 0) links += await c.standards.link(actor, id, { refs: items.map((x) => x.id).join(' ') });
    }
  }
  for (const [slug, sector] of SECTOR_DEMO) {
    const org = await orgId(slug);
    if (org) entries += (await c.standards.importSector(actor, org, { sector })).created;
  }
  return { entries, links };
}
