/**
 * 保密审查 detectors: find personal data, secrecy markings and agency sensitive words in plain text
 * before it is released (docs: ../shared/domain/ogi-rules.md §9). A pure module, no I/O. Each
 * detector is one precompiled global regex whose rare candidates are then checked in code
 * (check characters, dates, province codes), so the whole text is never walked character by
 * character in JavaScript. Positions are UTF-16 offsets into the text, as `String#slice` takes.
 */
import { chinaDate } from '#platform/clock.js';
import { creditCodeCheckChar, isValidOrgCode, orgCodeCheckChar } from '#platform/ids.js';

/** What a finding is. */
export type FindingType =
  | 'id-number'
  | 'credit-code'
  | 'org-code'
  | 'mobile'
  | 'landline'
  | 'bank-card'
  | 'email'
  | 'passport'
  | 'travel-permit'
  | 'address'
  | 'person-name'
  | 'secrecy-marking'
  | 'internal-marking'
  | 'sensitive-word';

/** How urgently a finding must be resolved; a high one blocks release. */
export type Severity = 'high' | 'medium' | 'low';

/** One piece of text to review: where it is, what it is, and the suggested mask. */
export interface Finding {
  type: FindingType;
  severity: Severity;
  start: number;
  end: number;
  text: string;
  masked: string;
  message: string;
}

/** Options of a screening run. */
export interface ScreenOptions {
  /** The agency's own sensitive words (kept by the coordinator); matched literally. */
  sensitiveWords?: readonly string[];
  /** "Today" for birth-date checks (a birth date after it is impossible); defaults to now. */
  today?: Date;
}

/** Chinese names of the finding types, for people. */
export const FINDING_LABELS: Readonly<Record<FindingType, string>> = {
  'id-number': '居民身份证号码',
  'credit-code': '统一社会信用代码',
  'org-code': '组织机构代码',
  mobile: '手机号码',
  landline: '固定电话',
  'bank-card': '银行卡号',
  email: '电子邮箱',
  passport: '护照号码',
  'travel-permit': '港澳台通行证件号码',
  address: '详细住址',
  'person-name': '姓名',
  'secrecy-marking': '密级标志',
  'internal-marking': '内部事项标注',
  'sensitive-word': '敏感词',
};

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { high: 3, medium: 2, low: 1 };

/** Which of two equally severe, equally long overlapping findings wins (lower wins). */
const TYPE_PRIORITY: Readonly<Record<FindingType, number>> = {
  'secrecy-marking': 0,
  'id-number': 1,
  'bank-card': 2,
  passport: 3,
  'travel-permit': 4,
  mobile: 5,
  'credit-code': 6,
  'org-code': 7,
  email: 8,
  landline: 9,
  address: 10,
  'person-name': 11,
  'internal-marking': 12,
  'sensitive-word': 13,
};

const MESSAGES: Readonly<Record<FindingType, string>> = {
  'id-number': '居民身份证号码（校验位、出生日期和地址码均有效），属于个人信息，公开前应去标识化。',
  'credit-code': '统一社会信用代码（校验位有效）。机构代码一般可以公开，请确认不是个体工商户等自然人信息。',
  'org-code': '组织机构代码（校验位有效）。机构代码一般可以公开，请确认是否需要。',
  mobile: '手机号码，属于个人信息，公开前应遮盖中间四位。',
  landline: '固定电话号码。单位办公电话可以公开，个人住宅电话应遮盖。',
  'bank-card': '银行卡号（Luhn 校验有效），属于敏感个人信息（金融账户），公开前应只保留后四位。',
  email: '电子邮箱地址。单位公开邮箱可以公开，个人邮箱应遮盖。',
  passport: '护照号码，属于个人信息，公开前应去标识化。',
  'travel-permit': '港澳台通行证件号码，属于个人信息，公开前应去标识化。',
  address: '详细住址（街道、乡镇以下），公开时只保留到街道或乡镇。',
  'person-name': '与身份证号码或手机号码同列的姓名，请按行业规定决定是否遮盖。',
  'secrecy-marking': '国家秘密密级标志（绝密/机密/秘密★），标有密级的内容不得公开，请先确认是否已解密。',
  'internal-marking': '内部事项标注，通常表示内部管理信息，公开前请确认。',
  'sensitive-word': '本单位设定的敏感词，请确认是否可以公开。',
};

// ---------------------------------------------------------------------------------------------
// Checks

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Province codes (first two digits of an ID number's address code) issued so far. */
export const PROVINCE_CODES: readonly string[] = [
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83', '91',
];
const PROVINCES = new Set(PROVINCE_CODES);

/** GB 11643 check character (ISO 7064 MOD 11-2) of the first 17 digits, or null if malformed. */
export function idCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** True for a real calendar date given as numbers. */
function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}

/** Today's date as the number YYYYMMDD, in China Standard Time. */
function ymdNumber(today: Date): number {
  return Number(chinaDate(today).replaceAll('-', ''));
}

/** True for a 居民身份证号码 (18 or old 15 digits) with a known province, a real birth date not after `today` and, for 18, the right check character. */
export function isValidIdNumber(input: string, today: Date = new Date()): boolean {
  return idNumberValid(input, ymdNumber(today));
}

function idNumberValid(s: string, todayYmd: number): boolean {
  if (!PROVINCES.has(s.slice(0, 2))) return false;
  if (s.length === 18) {
    if (!/^\d{17}[\dXx]$/.test(s)) return false;
    const y = Number(s.slice(6, 10));
    const m = Number(s.slice(10, 12));
    const d = Number(s.slice(12, 14));
    if (y < 1900 || !realDate(y, m, d) || y * 10_000 + m * 100 + d > todayYmd) return false;
    return idCheckChar(s.slice(0, 17)) === s[17]!.toUpperCase();
  }
  if (s.length === 15) {
    if (!/^\d{15}$/.test(s)) return false;
    return realDate(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12)));
  }
  return false;
}

/**
 * How much an 18-digit number with a wrong check character or date looks like an ID number: 2 when
 * province and birth date are both real, 1 when the province is real and the year is 19xx/20xx,
 * 0 otherwise. Such numbers are mistyped ID numbers far more often than cards or codes.
 */
function idLikeness(s: string): 0 | 1 | 2 {
  if (s.length !== 18 || !PROVINCES.has(s.slice(0, 2))) return 0;
  const y = Number(s.slice(6, 10));
  if (y < 1900 || y > 2099) return 0;
  return realDate(y, Number(s.slice(10, 12)), Number(s.slice(12, 14))) ? 2 : 1;
}

/** True when a digit string passes the Luhn check (ISO/IEC 7812). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let v = digits.charCodeAt(i) - 48;
    if (v < 0 || v > 9) return false;
    if (double) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** True for a 统一社会信用代码 candidate: authority code, division code, both check characters. */
function creditCodeValid(s: string): boolean {
  if (!/^[1-9ANY]/.test(s) || !/^\d{6}$/.test(s.slice(2, 8))) return false;
  return creditCodeCheckChar(s.slice(0, 17)) === s[17] && isValidOrgCode(s.slice(8, 17));
}

// ---------------------------------------------------------------------------------------------
// Masks

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Replaces the digits/letters of `s` except the first `keepFirst` and last `keepLast` of them, keeping separators. */
function maskAlnum(s: string, keepFirst: number, keepLast: number): string {
  let total = 0;
  for (let i = 0; i < s.length; i++) if (isAlnum(s.charCodeAt(i))) total++;
  let seen = 0;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (isAlnum(s.charCodeAt(i))) {
      out += seen < keepFirst || seen >= total - keepLast ? s[i] : '*';
      seen++;
    } else out += s[i];
  }
  return out;
}

const HAS_SURROGATE = /[\uD800-\uDFFF]/;

/** Keeps the first and last two characters (one each for 3–4 characters, none for shorter). */
function maskMiddle(s: string): string {
  const chars = HAS_SURROGATE.test(s) ? [...s] : null;
  const n = chars ? chars.length : s.length;
  const keep = n > 4 ? 2 : n > 2 ? 1 : 0;
  if (!chars) return s.slice(0, keep) + '*'.repeat(n - 2 * keep) + s.slice(n - keep);
  return chars.slice(0, keep).join('') + '*'.repeat(n - 2 * keep) + chars.slice(n - keep).join('');
}

/** The suggested mask of a finding's text. */
export function maskFor(type: FindingType, text: string): string {
  switch (type) {
    case 'id-number':
      return maskAlnum(text, 6, 4);
    case 'mobile': {
      const digits = text.replace(/\D/g, '').length;
      return maskAlnum(text, digits - 11 + 3, 4);
    }
    case 'bank-card':
      return maskAlnum(text, 0, 4);
    case 'email': {
      const at = text.indexOf('@');
      return `${text[0] ?? ''}***${text.slice(at)}`;
    }
    case 'person-name':
      return text[0] + '*'.repeat(text.length - 1);
    case 'credit-code':
    case 'org-code':
    case 'landline':
    case 'passport':
    case 'travel-permit':
    case 'address':
    case 'secrecy-marking':
    case 'internal-marking':
    case 'sensitive-word':
      return maskMiddle(text);
  }
}

// ---------------------------------------------------------------------------------------------
// Patterns. Candidates never start or end inside a longer run of digits or letters.

const NB = '(?<![0-9A-Za-z])';
const NA = '(?![0-9A-Za-z])';
/** 18- and 15-digit numbers (ID numbers, and all-digit credit codes and bank cards share these). */
const RE_ID = new RegExp(`${NB}(?:\\d{17}[\\dXx]|\\d{15})${NA}`, 'g');
const CREDIT = '[0-9A-HJ-NP-RTUWXY]';
const RE_CREDIT = new RegExp(`${NB}[1-9ANY]${CREDIT}\\d{6}${CREDIT}{10}${NA}`, 'g');
const RE_ORG = /(?<![0-9A-Za-z-])[0-9A-Z]{8}-[0-9X](?![0-9A-Za-z-])/g;
const RE_MOBILE = /(?<![0-9A-Za-z+])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9A-Za-z])/g;
const RE_LANDLINE = /(?<![0-9A-Za-z])(?:0(?:10|2\d|[3-9]\d\d)-?|[(（]0(?:10|2\d|[3-9]\d\d)[)）] ?)[2-9]\d{6,7}(?![0-9A-Za-z])/g;
const RE_CARD = /(?<![0-9A-Za-z])(?:[3-6]\d{15,18}|[3-6]\d{3}(?: \d{4}){3}(?: ?\d{1,3})?)(?![0-9A-Za-z])/g;
const RE_EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}(?![A-Za-z0-9])/g;
const RE_TRAVEL_KEYWORD = /护照|通行证|台胞证|回乡证|旅行证/g;
const RE_TRAVEL_NUMBER = /(?<![0-9A-Za-z])(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[PSD]\d{7}|[HM]\d{8}(?:\d{2})?|C[0-9A-HJ-NP-Z]\d{7}|L\d{8}|\d{8}(?:\d{2})?)(?![0-9A-Za-z])/gi;
/** The building part of a detailed address: "12号3栋2单元401室", "3栋2单元", "5号楼1单元". */
const RE_ADDRESS = /\d{1,5}(?:号楼|号院|号|弄|栋|幢|座)(?:[0-9A-Za-z]{1,4}(?:号楼|栋|幢|座|单元|层|楼|室|户)){1,4}(?:\d{1,5}(?:室|户)?(?![0-9A-Za-z]))?/g;
const RE_ADDRESS_PLACE = /[路街巷弄村组屯庄里苑园寓厦城湾区道]/;
const RE_ADDRESS_CUT = /街道|[省市县镇乡]|(?<![小社园校景])区|[住在于址:：]/g;
const RE_ADDRESS_BACK = /[\u4e00-\u9fa5\dA-Za-z]{1,24}$/;
const RE_SECRECY = /(?:绝密|机密|秘密)[ \u3000]?[★☆][ \u3000]?(?:\d{1,2}[ \u3000]?年|[一二三四五六七八九十]{1,3}年|长期)?/g;
const RE_INTERNAL = /内部资料|不得外传|工作秘密|内部使用/g;
/** A line that is nothing but internal-use markings ("内部资料 注意保存", "【工作秘密】"). */
const RE_MARKING_LINE = /^[\s\u3000【[〔（(「]*(?:(?:内部资料|不得外传|工作秘密|内部使用|注意保存|注意保管|妥善保管|请勿外传|严禁外传|内部文件|阅后收回|\d{1,2}年|长期)[\s\u3000，,、；;】\]〕）)」【[〔（(「]*)+$/;
/** A name cell before a number: separators of lists and tables, not the 、 of enumerations in a sentence. */
const RE_NAME_BEFORE = /(?:^|[\s,，|｜;；\d])([\u4e00-\u9fa5]{2,4})((?:[ \t,，|｜;；:：]+(?:男|女|\d{1,3}岁?))?[ \t,，|｜;；:：]+)$/;

const COMMON_SURNAMES = new Set(
  [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由']
);
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '宇文', '长孙', '夏侯', '端木', '司徒', '西门', '独孤', '南宫', '万俟', '轩辕', '呼延', '申屠', '太史', '澹台', '公冶', '濮阳', '淳于', '单于', '钟离', '闻人', '赫连', '拓跋', '完颜'];
/** Characters that make a 2–4 character word a label ("联系电话", "身份证号") rather than a name. */
const RE_NOT_NAME = /[电话号码证联系姓名账卡址编机户式员份码性别年龄序注备合计是否]/;

// ---------------------------------------------------------------------------------------------
// Screening

const wordRegexCache = new Map<string, RegExp | null>();

/** One global regex for an agency's sensitive words (longest first), cached by the list. */
function sensitiveWordRegex(words: readonly string[]): RegExp | null {
  const key = words.join('\u0000');
  let re = wordRegexCache.get(key);
  if (re !== undefined) return re;
  const clean = [...new Set(words.map((w) => w.trim()).filter((w) => w.length > 0))].sort((a, b) => b.length - a.length);
  re = clean.length ? new RegExp(clean.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : null;
  if (wordRegexCache.size > 32) wordRegexCache.clear();
  wordRegexCache.set(key, re);
  return re;
}

function finding(type: FindingType, severity: Severity, start: number, text: string): Finding {
  return { type, severity, start, end: start + text.length, text, masked: maskFor(type, text), message: MESSAGES[type] };
}

/** True when `a` should be kept instead of the overlapping `b`. */
function better(a: Finding, b: Finding): boolean {
  const s = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (s !== 0) return s > 0;
  const l = a.end - a.start - (b.end - b.start);
  if (l !== 0) return l > 0;
  return TYPE_PRIORITY[a.type] < TYPE_PRIORITY[b.type];
}

/** Sorts findings by position and drops overlaps, keeping the more severe, then the longer. */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Finding[] = [];
  for (const f of sorted) {
    const last = kept[kept.length - 1];
    if (last && f.start < last.end) {
      if (better(f, last)) kept[kept.length - 1] = f;
      // A replacement may now overlap the one before it; settle that too.
      while (kept.length >= 2 && kept[kept.length - 2]!.end > kept[kept.length - 1]!.start) {
        const top = kept.pop()!;
        const prev = kept.pop()!;
        kept.push(better(top, prev) ? top : prev);
      }
    } else kept.push(f);
  }
  return kept;
}

/** Runs every detector over `text` and returns the findings, sorted by position, without overlaps. */
export function screenText(text: string, opts: ScreenOptions = {}): Finding[] {
  const todayYmd = ymdNumber(opts.today ?? new Date());
  const found: Finding[] = [];
  let m: RegExpExecArray | null;

  // 18/15-digit numbers: ID numbers, or (below) credit codes and bank cards. Positions of invalid
  // but ID-like numbers, by likeness, veto a card (likeness >= 1) or an all-digit code (2).
  const idLike = new Map<number, 1 | 2>();
  RE_ID.lastIndex = 0;
  while ((m = RE_ID.exec(text))) {
    const s = m[0];
    if (idNumberValid(s, todayYmd)) found.push(finding('id-number', 'high', m.index, s));
    else {
      const l = idLikeness(s);
      if (l > 0) idLike.set(m.index, l as 1 | 2);
    }
  }

  const creditAt = new Set<number>();
  RE_CREDIT.lastIndex = 0;
  while ((m = RE_CREDIT.exec(text))) {
    if (!creditCodeValid(m[0]) || idLike.get(m.index) === 2) continue;
    creditAt.add(m.index);
    found.push(finding('credit-code', 'low', m.index, m[0]));
  }

  RE_ORG.lastIndex = 0;
  while ((m = RE_ORG.exec(text))) if (orgCodeCheckChar(m[0].slice(0, 8)) === m[0][9]) found.push(finding('org-code', 'low', m.index, m[0]));

  RE_MOBILE.lastIndex = 0;
  while ((m = RE_MOBILE.exec(text))) found.push(finding('mobile', 'high', m.index, m[0]));

  RE_LANDLINE.lastIndex = 0;
  while ((m = RE_LANDLINE.exec(text))) found.push(finding('landline', 'medium', m.index, m[0]));

  RE_CARD.lastIndex = 0;
  while ((m = RE_CARD.exec(text))) {
    const digits = m[0].replace(/ /g, '');
    if (digits.length < 16 || digits.length > 19) continue;
    if (digits[0] === '6' && digits[1] !== '2') continue;
    // An ID-like number with a wrong check character or date is a mistyped ID number, not a card;
    // an all-digit valid credit code is a code (its two check characters beat Luhn's one digit).
    if ((idLike.has(m.index) || creditAt.has(m.index)) && digits.length === m[0].length) continue;
    if (luhnValid(digits)) found.push(finding('bank-card', 'high', m.index, m[0]));
  }

  if (text.includes('@')) {
    RE_EMAIL.lastIndex = 0;
    while ((m = RE_EMAIL.exec(text))) found.push(finding('email', 'medium', m.index, m[0]));
  }

  RE_TRAVEL_KEYWORD.lastIndex = 0;
  while ((m = RE_TRAVEL_KEYWORD.exec(text))) {
    const kStart = m.index;
    const kEnd = kStart + m[0].length;
    const taiwan = m[0] === '台胞证' || text.slice(Math.max(0, kStart - 8), kStart).includes('台湾');
    const from = Math.max(0, kStart - 22);
    const window = text.slice(from, Math.min(text.length, kEnd + 22));
    RE_TRAVEL_NUMBER.lastIndex = 0;
    let n: RegExpExecArray | null;
    while ((n = RE_TRAVEL_NUMBER.exec(window))) {
      const start = from + n.index;
      const end = start + n[0].length;
      const gap = end <= kStart ? kStart - end : start >= kEnd ? start - kEnd : 0;
      if (gap > 10 || /[a-z]/.test(n[0][0]!)) continue;
      if (/^\d/.test(n[0]) && !taiwan) continue;
      const type = m[0] === '护照' ? 'passport' : 'travel-permit';
      found.push(finding(type, 'high', start, n[0]));
    }
  }

  RE_ADDRESS.lastIndex = 0;
  while ((m = RE_ADDRESS.exec(text))) {
    const back = RE_ADDRESS_BACK.exec(text.slice(Math.max(0, m.index - 24), m.index));
    let prefix = back ? back[0] : '';
    let cut = 0;
    RE_ADDRESS_CUT.lastIndex = 0;
    let c: RegExpExecArray | null;
    while ((c = RE_ADDRESS_CUT.exec(prefix))) cut = c.index + c[0].length;
    prefix = prefix.slice(cut);
    const strong = /单元/.test(m[0]) && /[栋幢座]|号楼/.test(m[0]);
    if (!RE_ADDRESS_PLACE.test(prefix) && !strong) continue;
    found.push(finding('address', 'medium', m.index - prefix.length, prefix + m[0]));
  }

  RE_SECRECY.lastIndex = 0;
  while ((m = RE_SECRECY.exec(text))) found.push(finding('secrecy-marking', 'high', m.index, m[0]));

  RE_INTERNAL.lastIndex = 0;
  while ((m = RE_INTERNAL.exec(text))) if (isMarkingPlace(text, m.index, m.index + m[0].length)) found.push(finding('internal-marking', 'medium', m.index, m[0]));

  const words = opts.sensitiveWords?.length ? sensitiveWordRegex(opts.sensitiveWords) : null;
  if (words) {
    words.lastIndex = 0;
    while ((m = words.exec(text))) found.push(finding('sensitive-word', 'medium', m.index, m[0]));
  }

  const resolved = resolveOverlaps(found);
  const names = namesBefore(text, resolved);
  return names.length ? resolveOverlaps([...resolved, ...names]) : resolved;
}

/**
 * True when a phrase like 内部资料 stands as a marking (a short line of its own, or in brackets)
 * rather than in a sentence about such material ("不得泄露工作秘密", "宗教内部资料性出版物").
 */
function isMarkingPlace(text: string, start: number, end: number): boolean {
  const open = text[start - 1];
  const close = text[end];
  if (open && close && '【[〔（(「'.includes(open) && '】]〕）)」'.includes(close)) return true;
  const lineStart = start > 0 ? text.lastIndexOf('\n', start - 1) + 1 : 0;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  return lineEnd - lineStart <= 40 && RE_MARKING_LINE.test(text.slice(lineStart, lineEnd));
}

/** Personal names right before an ID number or mobile number on the same line (lists and tables). */
function namesBefore(text: string, findings: readonly Finding[]): Finding[] {
  const names: Finding[] = [];
  for (const f of findings) {
    if (f.type !== 'id-number' && f.type !== 'mobile') continue;
    const lineStart = f.start > 0 ? text.lastIndexOf('\n', f.start - 1) + 1 : 0;
    const from = Math.max(lineStart, f.start - 16);
    // A window cut inside a line must not look like a line start to the pattern.
    const m = RE_NAME_BEFORE.exec((from > lineStart ? '\u0001' : '') + text.slice(from, f.start));
    if (!m) continue;
    const name = m[1]!;
    if (m[2]!.length > 6 || RE_NOT_NAME.test(name)) continue;
    const surname = COMPOUND_SURNAMES.some((s) => name.startsWith(s)) || COMMON_SURNAMES.has(name[0]!);
    if (!surname) continue;
    const start = f.start - m[2]!.length - name.length;
    names.push(finding('person-name', 'medium', start, name));
  }
  return names;
}

/** The text with every finding replaced by its mask (findings need not be sorted; overlaps are resolved first). */
export function maskText(text: string, findings: readonly Finding[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const f of resolveOverlaps(findings)) {
    if (f.start < at || f.end > text.length) continue;
    parts.push(text.slice(at, f.start), f.masked);
    at = f.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** True when any finding must be resolved before release. */
export function hasHighSeverity(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'high');
}
