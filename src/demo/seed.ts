import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { systemActor, type Role } from '#platform/actor.js';
import { makeCreditCode } from '#platform/ids.js';
import type { Container } from '../container.js';
import { seedDemoRequests } from './requests-seed.js';
import { seedDemoMatters } from './matters-seed.js';
import { seedStandards } from '#modules/standards/index.js';

/** One node of demo/city.json. */
interface DemoOrg {
  slug: string;
  kind: string;
  name: string;
  nameEn: string;
  sector?: string;
  officeName?: string;
  address?: string;
  postcode?: string;
  officeHours?: string;
  phone?: string;
  fax?: string;
  email?: string | null;
  website?: string;
  children?: DemoOrg[];
}

/** A demo account as printed at start-up. */
export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  agency: string;
  totpSecret?: string | undefined;
}

const demoFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'demo', 'city.json');
const catalogueFile = path.resolve(path.dirname(demoFile), 'catalogue.jsonl.gz');

/** Fixed demo accounts: one per role. Passwords are public by design; demo mode only. */
const ACCOUNTS: { username: string; displayName: string; role: Role; slug: string; password: string; totpSecret?: string }[] = [
  { username: 'coordinator', displayName: '周协调', role: 'coordinator', slug: 'shifan', password: 'Shifan#Coord-2026', totpSecret: 'JBSWY3DPEHPK3PXPGONGKAI2' },
  { username: 'supervisor', displayName: '王监督', role: 'supervisor', slug: 'shifan', password: 'Shifan#Superv-2026' },
  { username: 'operator', displayName: '陈运维', role: 'operator', slug: 'shifan', password: 'Shifan#Ops-2026', totpSecret: 'KRSXG5CTMVRXEZLUGONGKAI3' },
  { username: 'admin.jyj', displayName: '李管理', role: 'agency_admin', slug: 'sz-jyj', password: 'Shifan#JyjAdmin-2026', totpSecret: 'MFRGGZDFMZTWQ2LKGONGKAI4' },
  { username: 'editor.jyj', displayName: '张编辑', role: 'editor', slug: 'sz-jyj', password: 'Shifan#JyjEdit-2026' },
  { username: 'reviewer.jyj', displayName: '刘审查', role: 'reviewer', slug: 'sz-jyj', password: 'Shifan#JyjReview-2026' },
  { username: 'officer.jyj', displayName: '赵经办', role: 'disclosure_officer', slug: 'sz-jyj', password: 'Shifan#JyjOfficer-2026' },
  { username: 'head.jyj', displayName: '钱主任', role: 'office_head', slug: 'sz-jyj', password: 'Shifan#JyjHead-2026' },
  { username: 'admin.mzj', displayName: '孙管理', role: 'agency_admin', slug: 'sz-mzj', password: 'Shifan#MzjAdmin-2026', totpSecret: 'ONSWG4TFOQYTEMZUGONGKAI5' },
];

function profile(o: DemoOrg, serial: number) {
  const gov = o.kind !== 'institution';
  const prefix = o.kind === 'institution' ? (o.sector === 'health' ? '12990100' : '91990100') : '11990100';
  return {
    name: o.name,
    nameEn: o.nameEn,
    slug: o.slug,
    creditCode: makeCreditCode(prefix, `${gov ? '0' : '5'}${String(serial).padStart(7, '0')}`),
    officeName: o.officeName ?? null,
    address: o.address ?? null,
    postcode: o.postcode ?? null,
    officeHours: o.officeHours ?? null,
    phone: o.phone ?? null,
    fax: o.fax ?? null,
    email: o.email ?? null,
    website: o.website ?? null,
    sector: o.sector ?? null,
  };
}

/**
 * Loads the fictional city of 示范市 (agencies and one account per role) through the ordinary
 * services, so every row is audited like real data. Does nothing when the city already exists.
 */
export async function seedDemo(c: Container): Promise<DemoAccount[]> {
  const printable = ACCOUNTS.map((a) => ({ username: a.username, password: a.password, role: a.role, agency: a.slug, totpSecret: a.totpSecret }));
  const done = await c.db.selectFrom('appSettings').select('value').where('key', '=', 'demo.seeded').executeTakeFirst();
  if (done) return printable;
  if (await c.orgs.root()) {
    throw new Error('数据库中已有机构数据，但不是完整的演示数据。请为演示使用新的数据目录（DATA_DIR）。The database holds other data; use a fresh DATA_DIR for the demo.');
  }
  const actor = systemActor('demo');
  const city = JSON.parse(fs.readFileSync(demoFile, 'utf8')) as DemoOrg;
  const ids = new Map<string, string>();
  let serial = 1;
  const root = await c.orgs.createRoot(actor, profile(city, serial++));
  ids.set(city.slug, root.id);
  const walk = async (parentId: string, nodes: DemoOrg[]) => {
    for (const [i, o] of nodes.entries()) {
      const created = await c.orgs.createOrg(actor, { ...profile(o, serial++), parentId, kind: o.kind, sortOrder: String(i * 10) });
      ids.set(o.slug, created.id);
      await walk(created.id, o.children ?? []);
    }
  };
  await walk(root.id, city.children ?? []);
  for (const a of ACCOUNTS) {
    const orgId = ids.get(a.slug)!;
    await c.users.provisionUser(actor, {
      kind: 'staff',
      username: a.username,
      displayName: a.displayName,
      homeOrgId: orgId,
      password: a.password,
      roles: [{ orgId, role: a.role }],
      ...(a.totpSecret ? { totpSecret: a.totpSecret } : {}),
    });
  }
  // Version 1 of every agency's 政府信息公开指南: the default text, saved and audited like any edit.
  for (const orgId of ids.values()) {
    const guide = await c.guides.forStaff(actor, orgId);
    await c.guides.saveVersion(actor, orgId, guide.sections);
  }
  // The catalogue: 1,000+ real documents from the corpus, published as an agency's 清理 import would.
  const report = await c.importItems(actor, zlib.gunzipSync(fs.readFileSync(catalogueFile)).toString('utf8'), { mode: 'all-or-nothing' });
  if (report.imported === 0) {
    const bad = report.lines.filter((l) => !l.ok).slice(0, 5);
    throw new Error(`演示目录导入失败：${bad.map((l) => `第 ${l.line} 行 ${JSON.stringify(l.errors)}`).join('；')}`);
  }
  // 依申请公开: live cases in every stage and a year of past cases for 示范市教育局.
  await seedDemoRequests(c, ids.get('sz-jyj')!);
  // 权责清单 and 办事指南: every department's powers with flowcharts, and the service guides.
  await seedDemoMatters(c);
  // 基层政务公开标准目录: base-level catalogues linked to their items, and four sector catalogues.
  await seedStandards(c);
  await c.db.insertInto('appSettings').values({ key: 'demo.seeded', value: JSON.stringify({ at: new Date().toISOString() }) }).execute();
  return printable;
}
