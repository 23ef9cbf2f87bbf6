/**
 * 政府信息公开指南 (ogi-rules §4.1): the sections of an agency's guide, their default text, the
 * contact block built live from the agency profile, and the completeness check. Pure functions.
 *
 * Regs 2019 Art. 12 requires the classification (分类), the arrangement system (编排体系), the ways of
 * obtaining information (获取方式) and the disclosure office's name, address, office hours, phone,
 * fax and internet contact; practice adds the scope of proactive disclosure, the application
 * procedure, fees, remedies and receiving points. Guides must be updated promptly (Art. 12, 53(2)).
 */
import type { OrganisationRow } from '#platform/db/schema.js';

/** One editable section of the guide. */
export interface GuideSectionDef {
  key: string;
  zh: string;
  en: string;
  /** Required sections must be non-empty for the guide to be complete. */
  required: boolean;
  hint: { zh: string; en: string };
}

/** The editable sections, in the order of the guide. */
export const GUIDE_SECTIONS = [
  { key: 'intro', zh: '前言', en: 'Preface', required: false, hint: { zh: '编制依据和适用对象，显示在指南开头（可选）。', en: 'Legal basis and audience, shown at the top (optional).' } },
  { key: 'classification', zh: '政府信息的分类', en: 'Classification of government information', required: true, hint: { zh: '主动公开、依申请公开和不予公开的划分（《条例》第十二条）。', en: 'Proactive, on request, withheld (Regs Art. 12).' } },
  { key: 'arrangement', zh: '编排体系', en: 'Arrangement system', required: true, hint: { zh: '目录的编排：索引号、主题分类、体裁分类等。', en: 'How the catalogue is arranged: index numbers, topics, genres.' } },
  { key: 'obtaining', zh: '获取方式', en: 'Ways of obtaining information', required: true, hint: { zh: '网站政府信息公开专栏、查阅点、政府公报等渠道。', en: 'Website column, reading points, gazette.' } },
  { key: 'proactiveScope', zh: '主动公开的范围', en: 'Scope of proactive disclosure', required: true, hint: { zh: '《条例》第十九条至第二十一条规定的主动公开内容。', en: 'What is disclosed proactively (Regs Arts. 19–21).' } },
  { key: 'applicationProcedure', zh: '依申请公开的办理程序', en: 'Applying for information', required: true, hint: { zh: '申请方式、申请内容、补正、20 个工作日答复期限及延长。', en: 'How to apply, correction, the 20-working-day deadline and extension.' } },
  { key: 'fees', zh: '信息处理费', en: 'Fees', required: true, hint: { zh: '一般不收费；超出合理范围时按国办函〔2020〕109号收取信息处理费。', en: 'Usually free; processing fees only beyond a reasonable range.' } },
  { key: 'remedies', zh: '监督和救济', en: 'Supervision and remedies', required: true, hint: { zh: '投诉举报、行政复议（60 日）、行政诉讼（6 个月）。', en: 'Complaints, reconsideration (60 days), litigation (6 months).' } },
  { key: 'receivingPoints', zh: '受理点和查阅点', en: 'Receiving and reading points', required: true, hint: { zh: '申请受理点和政府信息查阅点的地点、时间。', en: 'Where applications are received and information can be read.' } },
  { key: 'other', zh: '其他事项', en: 'Other matters', required: false, hint: { zh: '需要说明的其他事项（可选）。', en: 'Anything else (optional).' } },
] as const satisfies readonly GuideSectionDef[];

export type GuideSectionKey = (typeof GUIDE_SECTIONS)[number]['key'];
export type GuideSections = Record<GuideSectionKey, string>;

/** The most characters a section may hold. */
export const SECTION_MAX = 5000;

/** Fields of the agency profile shown in the contact block, in order (Regs Art. 12). */
export const CONTACT_FIELDS = [
  { key: 'officeName', zh: '政府信息公开工作机构', en: 'Disclosure office', required: true },
  { key: 'address', zh: '办公地址', en: 'Address', required: true },
  { key: 'postcode', zh: '邮政编码', en: 'Postcode', required: false },
  { key: 'officeHours', zh: '办公时间', en: 'Office hours', required: true },
  { key: 'phone', zh: '联系电话', en: 'Phone', required: true },
  { key: 'fax', zh: '传真', en: 'Fax', required: false },
  { key: 'email', zh: '电子邮箱', en: 'E-mail', required: false },
  { key: 'website', zh: '网站', en: 'Website', required: false },
] as const;

export type ContactKey = (typeof CONTACT_FIELDS)[number]['key'];

/** The title of the contact block, which sits after the ways of obtaining information. */
export const CONTACT_TITLE = { zh: '政府信息公开工作机构', en: 'Disclosure office' } as const;

/** One row of the contact block, read live from the agency profile. */
export interface ContactRow {
  key: ContactKey;
  zh: string;
  en: string;
  value: string | null;
}

/** The contact block of the guide from the agency's current profile. */
export function guideContact(org: Pick<OrganisationRow, ContactKey>): ContactRow[] {
  return CONTACT_FIELDS.map((f) => ({ key: f.key, zh: f.zh, en: f.en, value: org[f.key]?.trim() || null }));
}

/** Which required parts are missing: empty required sections and profile fields. */
export interface GuideCompleteness {
  complete: boolean;
  missingSections: { key: GuideSectionKey; zh: string; en: string }[];
  missingContact: { key: ContactKey; zh: string; en: string }[];
}

/** A guide is complete when every required section has text and the profile has office name, address, hours and phone. */
export function guideCompleteness(sections: GuideSections, org: Pick<OrganisationRow, ContactKey>): GuideCompleteness {
  const missingSections = GUIDE_SECTIONS.filter((s) => s.required && sections[s.key].trim() === '').map(({ key, zh, en }) => ({ key, zh, en }));
  const missingContact = CONTACT_FIELDS.filter((f) => f.required && !org[f.key]?.trim()).map(({ key, zh, en }) => ({ key, zh, en }));
  return { complete: missingSections.length === 0 && missingContact.length === 0, missingSections, missingContact };
}

/** Known sections of stored or posted data; unknown keys dropped, missing ones empty. */
export function normalizeSections(raw: unknown): GuideSections {
  const src = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const out = {} as GuideSections;
  for (const s of GUIDE_SECTIONS) {
    const v = src[s.key];
    out[s.key] = typeof v === 'string' ? v : '';
  }
  return out;
}

/** The keys whose text differs between two versions. */
export function changedSections(before: GuideSections, after: GuideSections): GuideSectionKey[] {
  return GUIDE_SECTIONS.filter((s) => before[s.key] !== after[s.key]).map((s) => s.key);
}

/** Paragraphs of a section: one per non-empty line (plain text, no markup). */
export function paragraphs(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}


/**
 * Default text of every section for an agency, naming it throughout. `parentNames` are the names
 * of its ancestors from the root down (the last is the next-higher agency, for complaints);
 * `year` (the current year) makes the 索引号 example concrete when the agency has a credit code.
 */
export function defaultGuideSections(org: Pick<OrganisationRow, 'name' | 'kind' | 'creditCode'>, parentNames: readonly string[] = [], opts: { year?: number } = {}): GuideSections {
  const n = org.name;
  const parent = parentNames.at(-1);
  const institution = org.kind === 'institution';
  const orgCode = org.creditCode && org.creditCode.length === 18 ? org.creditCode.slice(8, 17) : null;
  const higher = parent ? `上一级行政机关（${parent}）` : '上一级行政机关';

  return {
    intro: lines(
      `为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），编制${n}政府信息公开指南（以下简称本指南）。`,
      `需要获取${n}政府信息公开服务的公民、法人或者其他组织，建议阅读本指南。本指南随机构信息和工作要求的变化及时更新。`,
    ),
    classification: lines(
      `${n}的政府信息分为主动公开和依申请公开两类：`,
      `（一）主动公开：涉及公众利益调整、需要社会公众广泛知晓或者需要社会公众参与决策的政府信息，由${n}主动公开，具体范围见本指南“主动公开的范围”。`,
      `（二）依申请公开：除主动公开的政府信息外，公民、法人或者其他组织可以向${n}申请获取相关政府信息。`,
      `依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开；涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，以及内部事务信息、过程性信息和行政执法案卷信息，依照《条例》第十五条、第十六条的规定处理。`,
    ),
    arrangement: lines(
      `${n}主动公开的政府信息按照政府信息公开目录编排，每条信息包括索引号、信息名称、内容概述、生成日期、发布机构、文号、主题分类、体裁分类等要素。`,
      `索引号：每条信息有唯一的索引号，格式为“组织机构代码/年份-序号”。组织机构代码为统一社会信用代码的第 9 至 17 位，年份为信息公开的年份，序号为当年的 5 位流水号${orgCode && opts.year ? `，例如“${orgCode}/${opts.year}-00001”` : ''}。`,
      `主题分类：按照信息内容所属的领域分类，分为一级和二级，如“综合政务\\政务公开”“科技、教育\\教育”。`,
      `体裁分类：按照信息的体裁（文种）分类，如决定、通知、意见、公告、通告、规范性文件、规划、计划、总结、统计数据、公示、办事指南、政策解读等。`,
      `公众可以按照主题分类、体裁分类和发布机构浏览政府信息公开目录，也可以按照标题、文号、索引号和关键词检索。`,
    ),
    obtaining: lines(
      `（一）主动公开政府信息的获取。${n}主动公开的政府信息，公众可以通过下列方式免费获取：`,
      `1. 政府信息公开专栏：${n}在本平台和门户网站设立“政府信息公开专栏”，发布政府信息公开指南、政府信息公开目录、法定主动公开内容和政府信息公开工作年度报告；`,
      `2. 政府信息查阅点：在国家档案馆、公共图书馆和政务服务场所设立的政府信息查阅点，地址见本指南“受理点和查阅点”；`,
      `3. 政府公报：本级人民政府公报刊登的规章、规范性文件等政府信息；`,
      `4. 新闻发布会以及报刊、广播、电视等其他便于公众知晓的方式。`,
      `主动公开的政府信息，自该政府信息形成或者变更之日起 20 个工作日内予以公开；法律、法规对公开期限另有规定的，从其规定。`,
      `（二）依申请公开政府信息的获取。公民、法人或者其他组织可以按照本指南“依申请公开的办理程序”向${n}申请获取政府信息。`,
    ),
    proactiveScope: institution
      ? lines(
          `依照《条例》第五十五条和有关主管部门制定的公开办法，${n}主动公开在提供社会公共服务过程中制作、获取的信息，主要包括：`,
          `（一）单位基本情况、办事机构、办公地址、办公时间和联系方式；`,
          `（二）服务内容、服务标准、办理程序、办理时限和服务承诺；`,
          `（三）收费项目、收费依据和收费标准；`,
          `（四）停水、停电、停气等影响公众生活的临时性服务变更信息；`,
          `（五）有关主管部门规定应当公开的其他信息。`,
          `具体内容以${n}公开目录为准。`,
        )
      : lines(
          `依照《条例》第十九条、第二十条的规定，${n}主动公开下列政府信息：`,
          `（一）行政法规、规章和规范性文件；`,
          `（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名；`,
          `（三）国民经济和社会发展规划、专项规划、区域规划及相关政策；`,
          `（四）国民经济和社会发展统计信息；`,
          `（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果；`,
          `（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定；`,
          `（七）财政预算、决算信息；`,
          `（八）行政事业性收费项目及其依据、标准；`,
          `（九）政府集中采购项目的目录、标准及实施情况；`,
          `（十）重大建设项目的批准和实施情况；`,
          `（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况；`,
          `（十二）突发公共事件的应急预案、预警信息及应对情况；`,
          `（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况；`,
          `（十四）公务员招考的职位、名额、报考条件等事项以及录用结果；`,
          `（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息。`,
          art21(org.kind, n),
          `具体内容以${n}政府信息公开目录为准。`,
        ),
    applicationProcedure: lines(
      `（一）受理机构：${n}政府信息公开工作机构负责受理向${n}提出的政府信息公开申请，联系方式见本指南“政府信息公开工作机构”。`,
      `（二）提出申请：申请人应当采用书面形式（包括信件、数据电文）提出申请，可以通过本平台在线提交，也可以通过信函、传真或者当面提交；采用书面形式确有困难的，可以口头提出，由受理机构代为填写申请。申请内容应当包括：`,
      `1. 申请人的姓名或者名称、身份证明、联系方式；`,
      `2. 申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；`,
      `3. 申请公开的政府信息的形式要求，包括获取信息的方式、途径。`,
      `（三）收到申请的时间：当面提交的，以提交之日为收到申请之日；以邮寄方式提交的，以签收之日为收到申请之日；以平常信函等无需签收的邮寄方式提交的，以受理机构与申请人确认之日为收到申请之日；通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日。`,
      `（四）补正：申请内容不明确的，${n}将给予指导和释明，并自收到申请之日起 7 个工作日内一次性告知申请人作出补正，说明需要补正的事项和合理的补正期限。答复期限自收到补正的申请之日起计算。申请人无正当理由逾期不补正的，视为放弃申请，不再处理该申请。`,
      `（五）答复期限：能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起 20 个工作日内予以答复。需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过 20 个工作日。征求第三方和其他机关意见所需时间不计算在答复期限内。`,
      `（六）答复：${n}依照《条例》第三十六条的规定，根据不同情况分别作出予以公开、部分公开、不予公开、无法提供、不予处理等答复，并说明理由和救济途径。`,
    ),
    fees: lines(
      `依照《条例》第四十二条的规定，${n}依申请提供政府信息，不收取费用。`,
      `申请人申请公开政府信息的数量、频次明显超过合理范围的，${n}可以依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费。对同一申请只选择按件计收或者按量计收中的一种方式：`,
      `按件计收：同一申请人一个自然月内累计申请 10 件以下（含 10 件）的，不收费；11 至 30 件的部分，每件 100 元；31 件以上的部分，以 10 件为一档，每增加一档，每件收费标准提高 100 元。`,
      `按量计收：同一申请件 30 页以下（含 30 页）的，不收费；31 至 100 页的部分，每页 10 元；101 至 200 页的部分，每页 20 元；201 页以上的部分，每页 40 元。`,
      `需要收取信息处理费的，${n}将向申请人发出收费通知；申请人未在通知确定的期限内缴纳的，${n}不再处理该申请。`,
    ),
    remedies: institution
      ? lines(
          `公民、法人或者其他组织认为${n}未依法公开信息的，可以依照《条例》第五十五条的规定，向有关主管部门${parent ? `（${parent}）` : ''}申诉；接受申诉的部门将及时调查处理，并将处理结果告知申诉人。`,
        )
      : lines(
          `（一）投诉、举报：公民、法人或者其他组织认为${n}未依法履行政府信息公开义务的，可以向${higher}或者政府信息公开工作主管部门投诉、举报。`,
          `（二）行政复议和行政诉讼：公民、法人或者其他组织认为${n}在政府信息公开工作中的行政行为侵犯其合法权益的，可以自知道该行政行为之日起 60 日内依法申请行政复议，或者自知道该行政行为之日起 6 个月内依法向人民法院提起行政诉讼。`,
          `申请政府信息公开，${n}决定不予公开的，应当先依法申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起 15 日内依法向人民法院提起行政诉讼。`,
        ),
    receivingPoints: lines(
      `（一）政府信息公开申请受理点：${n}政府信息公开工作机构，地址、办公时间和联系电话见本指南“政府信息公开工作机构”。申请人也可以通过本平台在线提交申请。`,
      `（二）政府信息查阅点：设在国家档案馆、公共图书馆和政务服务场所的政府信息查阅点，公众可以在其开放时间内免费查阅${n}主动公开的政府信息。`,
    ),
    other: '',
  };
}

/** Regs 2019 Art. 21: extra proactive items for districted-city and county levels, and for townships. */
function art21(kind: string, n: string): string {
  switch (kind) {
    case 'township':
      return `依照《条例》第二十一条的规定，${n}还主动公开贯彻落实农业农村政策、农田水利工程建设运营、农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、筹资筹劳、社会救助等方面的政府信息。`;
    case 'city':
    case 'district':
    case 'county':
    case 'department':
      return `依照《条例》第二十一条的规定，${n}还根据本地实际情况主动公开涉及市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等方面的政府信息。`;
    default:
      return '';
  }
}

function lines(...ls: string[]): string {
  return ls.filter((l) => l !== '').join('\n');
}
