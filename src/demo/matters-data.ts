/**
 * Demo content for 权责清单 (powers), 运行流程图 (flowcharts) and 办事指南 (service guides) of the
 * demo city (demo/city.json): every department gets ten or more powers fitting its remit, three or
 * more of them with a flowchart, and service guides for its licences and confirmations; the water,
 * gas, hospital and bus companies get their public-service guides (ogi-rules §6, §7).
 *
 * Deterministic: the same org always yields the same content. Department remits are keyed by the
 * part of the slug after the area (sz-jyj and donghu-jyj are both 教育局); the area decides between
 * the city and the district version of a remit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { civilPowers } from './matters-data/civil.js';
import {
  CAT_NAMES,
  CATEGORY_TEXT,
  buildPowers,
  materials,
  ONLINE,
  type Ctx,
  type Flowchart,
  type GuideSpec,
  type PowerContentInput,
  type PowerSpec,
  type ServiceContentInput,
} from './matters-data/common.js';
import { housingPowers, transportPowers } from './matters-data/construction.js';
import { educationPowers } from './matters-data/education.js';
import { govServicePowers, marketPowers, reformPowers, sciencePowers } from './matters-data/economy.js';
import { ecologyPowers, resourcesPowers } from './matters-data/land-env.js';
import { financePowers, justicePowers, policePowers } from './matters-data/law.js';
import { healthPowers, hrPowers } from './matters-data/labour-health.js';
import { publicServices } from './matters-data/public.js';

export type { Flowchart, PowerContentInput, ServiceContentInput };

export interface DemoPower {
  content: PowerContentInput;
  flowchart: Flowchart | null;
}

export interface DemoService {
  content: ServiceContentInput;
  flowchart: Flowchart | null;
  /** Code of the department's power the guide implements, or null (public services). */
  powerCode: string | null;
}

/** Remit builders by the part of the slug after the area. */
const REMITS: Record<string, (c: Ctx) => PowerSpec[]> = {
  fgw: reformPowers,
  jyj: educationPowers,
  kjj: sciencePowers,
  gaj: policePowers,
  mzj: civilPowers,
  sfj: justicePowers,
  czj: financePowers,
  rsj: hrPowers,
  zrzyj: resourcesPowers,
  sthjj: ecologyPowers,
  sthj: ecologyPowers,
  zjj: housingPowers,
  jtysj: transportPowers,
  wjw: healthPowers,
  scjgj: marketPowers,
  zwfwj: govServicePowers,
};

interface CityNode {
  slug: string;
  kind: string;
  name: string;
  address?: string | null;
  officeHours?: string | null;
  phone?: string | null;
  children?: CityNode[];
}

interface Placed {
  node: CityNode;
  parent: CityNode | null;
}

let cityIndex: Map<string, Placed> | null = null;

/** demo/city.json by slug, with each org's parent (read once). */
function city(): Map<string, Placed> {
  if (cityIndex) return cityIndex;
  const file = path.resolve(import.meta.dirname, '..', '..', 'demo', 'city.json');
  const root = JSON.parse(fs.readFileSync(file, 'utf8')) as CityNode;
  const index = new Map<string, Placed>();
  const walk = (node: CityNode, parent: CityNode | null): void => {
    index.set(node.slug, { node, parent });
    for (const child of node.children ?? []) walk(child, node);
  };
  walk(root, null);
  cityIndex = index;
  return index;
}

const CITY_HALL = '示范市政务服务中心（示范市政务中心路 1 号）';
const CITY_HOURS = '工作日 上午 8:30–12:00，下午 14:30–17:30（法定节假日除外）';

interface Department {
  slug: string;
  name: string;
  phone: string | null;
  hours: string;
  ctx: Ctx;
  specs: PowerSpec[];
  /** Service hall where the department's guides are handled. */
  hall: string;
  transport: string;
  supervisor: string;
  reviewBody: string;
}

function department(org: { slug: string; name: string }): Department | null {
  const dash = org.slug.indexOf('-');
  const remit = dash < 0 ? undefined : REMITS[org.slug.slice(dash + 1)];
  if (!remit) return null;
  const placed = city().get(org.slug);
  const parent = placed?.parent ?? null;
  const level = org.slug.startsWith('sz-') || !parent || parent.kind === 'city' ? 'city' : 'district';
  // 示范市东湖区人民政府 → 东湖区
  const gov = level === 'city' ? '示范市' : (/^示范市(.+?)人民政府$/.exec(parent?.name ?? '')?.[1] ?? parent?.name ?? '示范市');
  const leader = org.name.endsWith('委员会') ? '分管委领导' : level === 'city' && !org.name.endsWith('分局') ? '分管局领导' : '分管副局长';
  const ctx: Ctx = { level, org: org.name, gov, leader };
  const districtHall = `${gov}政务服务中心（${parent?.address ?? `${gov}行政中心`}）`;
  return {
    slug: org.slug,
    name: org.name,
    phone: placed?.node.phone ?? null,
    hours: placed?.node.officeHours ?? CITY_HOURS,
    ctx,
    specs: remit(ctx),
    hall: level === 'city' ? CITY_HALL : districtHall,
    transport: level === 'city' ? '乘坐 3 路、15 路、K2 路公交车至“政务中心”站下车；地铁 1 号线政务中心站 B 出口' : `乘坐 6 路、21 路公交车至“${gov}行政中心”站下车`,
    supervisor: level === 'city' ? '示范市政务服务数据管理局监督电话 0999-81510000' : `${gov}人民政府办公室监督电话 ${parent?.phone ?? '12345'}`,
    // A city bureau's district branch (派出机构) is reviewed by the city government (行政复议法第二十四条).
    reviewBody: level === 'city' || org.name.endsWith('分局') ? '示范市人民政府' : (parent?.name ?? '示范市人民政府'),
  };
}

/** The powers of a department (权责清单); [] for an org that is not a demo department. */
export function demoPowers(org: { slug: string; name: string }): DemoPower[] {
  const d = department(org);
  if (!d) return [];
  return buildPowers({ slug: d.slug, name: d.name, phone: d.phone, hours: d.hours }, d.specs).map((p) => ({ content: p.content, flowchart: p.flowchart }));
}

/** Special 救济途径 of a few guides (where the general 复议/诉讼 sentence does not fit). */
const REMEDIES: Record<string, string | null> = {
  法律援助申请: '对不予法律援助的决定有异议的，可以自收到决定之日起十五日内向示范市司法局提出；对司法局维持决定不服的，可以依法申请行政复议或者提起行政诉讼。',
  行政复议申请: '对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼，法律规定行政复议决定为最终裁决的除外。',
  '政务服务投诉（差评）受理': null,
};

function governmentGuide(d: Department, g: GuideSpec, power: PowerSpec, powerCode: string): DemoService {
  const code = `${powerCode}-${g.suffix ?? '01'}`;
  const name = g.name ?? power.name;
  const [statutory, promised] = g.days ?? power.days ?? CATEGORY_TEXT[power.cat].days;
  const place = g.place ?? `${d.hall}${g.window ?? ''}`;
  let flowchart: Flowchart | null = null;
  if (g.flow === 'power') {
    if (!power.flow) throw new Error(`Demo guide ${code} shows its power's flowchart, but ${power.name} has none.`);
    flowchart = power.flow;
  } else if (g.flow) flowchart = g.flow;
  const content: ServiceContentInput = {
    code,
    name,
    serviceType: CAT_NAMES[power.cat],
    sector: null,
    powerId: null,
    implementingBody: d.name,
    division: power.div,
    audiences: [...g.audiences],
    handlingType: g.instant ? 'instant' : 'promised',
    basis: power.basis.map(([law, article]) => ({ law, article, itemId: null })),
    conditions: g.conditions,
    quantityLimit: g.quantity ?? null,
    prohibitions: g.prohibitions ?? null,
    materials: materials(g.mats),
    statutoryDays: statutory,
    promisedDays: promised,
    limitNote: g.limitNote ?? power.note ?? CATEGORY_TEXT[power.cat].note,
    fees: g.fees ?? power.fees ?? '不收费',
    place,
    hours: d.hours,
    transport: g.place ? null : d.transport,
    resultName: g.result,
    resultDelivery: g.delivery ?? (g.post ? '窗口领取或者免费邮寄送达' : '窗口领取'),
    onlineUrl: `${ONLINE}/guide/${code}`,
    visits: g.visits,
    appointment: g.appointment ?? false,
    delivery: g.post ?? false,
    consult: `现场咨询：${place}；电话咨询：${d.phone ?? '12345'}；网上咨询：示范市政务服务网“我要咨询”栏目`,
    complaint: `示范市 12345 政务服务便民热线；${d.supervisor}；示范市政务服务网“好差评”`,
    remedies:
      name in REMEDIES
        ? (REMEDIES[name] ?? null)
        : `对办理结果不服的，可以自知道该行政行为之日起六十日内向${d.reviewBody}申请行政复议，或者自知道之日起六个月内依法向人民法院提起行政诉讼。`,
    faq: g.faq.map(([q, a]) => ({ q, a })),
  };
  return { content, flowchart, powerCode };
}

/**
 * The service guides of an org (办事指南): a department's guides for its own powers, or the
 * public-service guides of the water, gas, hospital and bus companies; [] for other orgs.
 */
export function demoServices(org: { slug: string; name: string; kind: string }): DemoService[] {
  if (org.kind === 'department') {
    const d = department(org);
    if (!d) return [];
    return buildPowers({ slug: d.slug, name: d.name, phone: d.phone, hours: d.hours }, d.specs).flatMap((p) => p.guides.map((x) => governmentGuide(d, x.spec, x.power, x.powerCode)));
  }
  return publicServices(org).map((s) => ({ ...s, powerCode: null }));
}
