import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isValidCreditCode, makeCreditCode } from '#platform/ids.js';
import { maskText, PROVINCE_CODES, resolveOverlaps, screenText, type Finding, type FindingType } from './index.js';

/** A fixed "today" so that birth-date checks do not drift. */
const TODAY = new Date('2025-06-01T00:00:00+08:00');
const screen = (text: string, sensitiveWords?: string[]) => screenText(text, sensitiveWords ? { today: TODAY, sensitiveWords } : { today: TODAY });
const types = (text: string) => screen(text).map((f) => f.type);
const ofType = (text: string, type: FindingType) => screen(text).filter((f) => f.type === type);

/**
 * GB 11643 check character computed independently of the module: weight of position i (1-based)
 * is 2^(18−i) mod 11, and the check value is (12 − S mod 11) mod 11, 10 written X.
 */
function idCheck(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * (2 ** (17 - i) % 11);
  const v = (12 - (s % 11)) % 11;
  return v === 10 ? 'X' : String(v);
}

/** Luhn check digit appended to a digit string (computed independently of the module). */
function withLuhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

const id = (first17: string) => first17 + idCheck(first17);
const wrongCheck = (valid: string) => valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');

/** Ordinary Chinese filler, without digits or Latin letters, so it never joins a number. */
const FILLER_CHARS = [...'根据政府信息公开条例的规定本机关对申请人提出的申请进行了审查现将有关情况告知如下特此告知，。、；：“”（）\n 　'];
const filler = fc.array(fc.constantFrom(...FILLER_CHARS), { maxLength: 40 }).map((a) => a.join(''));

const pad2 = (n: number) => String(n).padStart(2, '0');
const birthDate = fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`);
const validId = fc
  .tuple(fc.constantFrom(...PROVINCE_CODES), fc.stringMatching(/^\d{4}$/), birthDate, fc.stringMatching(/^\d{3}$/))
  .map(([p, area, date, seq]) => id(p + area + date + seq));

/**
 * An 18-digit number with a known province and a year 1900–2099 in digits 7–10 is taken for a
 * (possibly mistyped) ID number, never for a bank card: cards of that shape are left out here.
 */
const idShaped = (s: string) => {
  const y = Number(s.slice(6, 10));
  return s.length === 18 && PROVINCE_CODES.includes(s.slice(0, 2)) && y >= 1900 && y <= 2099;
};

describe('居民身份证号码 (GB 11643)', () => {
  it('finds every valid generated number in Chinese text, masked to the first 6 and last 4', () => {
    fc.assert(
      fc.property(filler, validId, filler, fc.boolean(), (a, n, b, lower) => {
        const number = lower ? n.toLowerCase() : n;
        const text = a + number + b;
        const hits = ofType(text, 'id-number');
        assert.equal(hits.length, 1, text);
        assert.equal(hits[0]!.start, a.length);
        assert.equal(hits[0]!.end, a.length + 18);
        assert.equal(hits[0]!.severity, 'high');
        assert.equal(hits[0]!.masked, `${number.slice(0, 6)}********${number.slice(14)}`);
        assert.equal(maskText(text, screen(text)).includes(number), false);
      }),
      { numRuns: 500 },
    );
  });

  it('never reports a number with a wrong check character as an ID number (nor as a bank card)', () => {
    fc.assert(
      fc.property(filler, validId, fc.constantFrom(...'0123456789X'), filler, (a, n, c, b) => {
        fc.pre(c !== n[17]);
        const text = a + n.slice(0, 17) + c + b;
        const found = types(text);
        assert.equal(found.includes('id-number'), false, text);
        assert.equal(found.includes('bank-card'), false, text);
      }),
      { numRuns: 500 },
    );
  });

  const valid = id('11010519491231002');
  const cases: [string, string, boolean][] = [
    ['a valid number in a sentence', `申请人身份证号码为${valid}。`, true],
    ['lower-case x', `身份证号：${id('44030419880212001').toLowerCase()}`, true],
    ['the old 15-digit form', '身份证：110105491231002', true],
    ['a wrong check character', `身份证号码 ${wrongCheck(valid)}`, false],
    ['an impossible date 20240230', `身份证 ${id('11010520240230123')}`, false],
    ['an impossible month 19901301', `身份证 ${id('11010519901301123')}`, false],
    ['a birth date after today', `身份证 ${id('11010520260101123')}`, false],
    ['a year before 1900', `身份证 ${id('11010518991231123')}`, false],
    ['an unknown province 10', `身份证 ${id('10010519491231002')}`, false],
    ['an unknown province 99', `身份证 ${id('99010519491231002')}`, false],
    ['inside a longer digit run', `编号 9${valid}7`, false],
    ['glued to letters', `ABC${valid}`, false],
    ['a 15-digit number with an impossible date', '身份证：110105491331002', false],
    ['a 15-digit number with an unknown province', '身份证：990105491231002', false],
  ];
  for (const [name, text, expected] of cases) {
    it(`${expected ? 'finds' : 'ignores'} ${name}`, () => assert.equal(types(text).includes('id-number'), expected, text));
  }

  it('masks the 15-digit form keeping the first 6 and last 4', () => {
    assert.equal(ofType('身份证：110105491231002', 'id-number')[0]!.masked, '110105*****1002');
  });
});

describe('统一社会信用代码 (GB 32100) and 组织机构代码 (GB 11714)', () => {
  const creditParts = fc.tuple(fc.stringMatching(/^[1-9ANY][0-9A-HJ-NPQRTUWXY]\d{6}$/), fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{8}$/));

  it('finds every generated valid code as a low-severity credit code', () => {
    fc.assert(
      fc.property(filler, creditParts, filler, (a, [prefix, body], b) => {
        const code = makeCreditCode(prefix, body);
        const text = a + code + b;
        const hits = screen(text).filter((f) => f.start === a.length);
        assert.equal(hits.length, 1, text);
        // An all-digit code can also be a valid ID number, which wins (1 in 10^5 or so).
        if (hits[0]!.type !== 'id-number') {
          assert.equal(hits[0]!.type, 'credit-code', text);
          assert.equal(hits[0]!.severity, 'low');
          assert.equal(hits[0]!.masked, `${code.slice(0, 2)}**************${code.slice(16)}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never reports a code with a wrong check character as a credit code', () => {
    fc.assert(
      fc.property(filler, creditParts, fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'), filler, (a, [prefix, body], c, b) => {
        const code = makeCreditCode(prefix, body);
        fc.pre(c !== code[17]);
        assert.equal(types(a + code.slice(0, 17) + c + b).includes('credit-code'), false);
      }),
      { numRuns: 500 },
    );
  });

  it('finds published codes of real agencies and companies', () => {
    assert.deepEqual(types('国务院办公厅 统一社会信用代码：11100000000013127D'), ['credit-code']);
    assert.deepEqual(types('信用代码 91350100M000100Y43，'), ['credit-code']);
  });

  it('rejects a code whose embedded organisation code is wrong even with a matching last character', () => {
    // Change position 17 (the organisation code check) and recompute nothing: both checks fail.
    assert.equal(types('代码 11100000000013128D').includes('credit-code'), false);
    assert.equal(isValidCreditCode('11100000000013128D'), false);
  });

  it('finds a hyphenated organisation code and ignores a wrong one', () => {
    const hit = ofType('组织机构代码：00001312-7', 'org-code');
    assert.equal(hit.length, 1);
    assert.equal(hit[0]!.severity, 'low');
    assert.equal(types('组织机构代码：00001312-8').includes('org-code'), false);
  });
});

describe('手机号码 and 固定电话', () => {
  const mobile = fc.tuple(fc.constantFrom(...'3456789'), fc.stringMatching(/^\d{9}$/)).map(([b, rest]) => `1${b}${rest}`);

  it('finds every generated mobile number, in every usual format, masked to 138****1234', () => {
    fc.assert(
      fc.property(filler, mobile, fc.constantFrom('', ' ', '-'), fc.constantFrom('', '+86 ', '86-', '+86'), filler, (a, n, sep, prefix, b) => {
        const written = prefix + n.slice(0, 3) + sep + n.slice(3, 7) + sep + n.slice(7);
        const hits = ofType(a + written + b, 'mobile');
        assert.equal(hits.length, 1, a + written + b);
        assert.equal(hits[0]!.start, a.length);
        assert.equal(hits[0]!.text, written);
        assert.equal(hits[0]!.masked.replace(/\D/g, '').length, prefix.replace(/\D/g, '').length + 7);
        assert.equal(hits[0]!.masked.replace(/[^0-9*]/g, '').slice(-11), `${n.slice(0, 3)}****${n.slice(7)}`);
      }),
      { numRuns: 300 },
    );
  });

  const cases: [string, string, FindingType | null][] = [
    ['a mobile after a label', '联系电话：13812345678', 'mobile'],
    ['a mobile 3-4-4 with spaces', '手机 138 1234 5678', 'mobile'],
    ['a mobile with +86', '电话+86 13912345678', 'mobile'],
    ['11 digits inside a longer number', '订单号 2013812345678', null],
    ['a number starting 12', '编号 12812345678', null],
    ['a Beijing landline', '咨询电话：010-62345678', 'landline'],
    ['a four-digit area code', '电话 0755-86012345', 'landline'],
    ['an area code in brackets', '电话（020）83123456', 'landline'],
    ['a local part starting with 1', '电话 010-12345678', null],
    ['a 12345 hotline', '拨打12345政务服务便民热线', null],
  ];
  for (const [name, text, type] of cases) {
    it(`${type ? 'finds' : 'ignores'} ${name}`, () => {
      const found = types(text);
      if (type) assert.deepEqual(found, [type], text);
      else assert.equal(found.some((t) => t === 'mobile' || t === 'landline'), false, text);
    });
  }

  it('makes a mobile high and a landline medium', () => {
    assert.equal(ofType('13812345678', 'mobile')[0]!.severity, 'high');
    assert.equal(ofType('010-62345678', 'landline')[0]!.severity, 'medium');
    assert.equal(ofType('13812345678', 'mobile')[0]!.masked, '138****5678');
  });
});

describe('银行卡号 (Luhn)', () => {
  const card = fc
    .tuple(fc.constantFrom('62', '4', '5', '3'), fc.integer({ min: 16, max: 19 }), fc.stringMatching(/^\d{18}$/))
    .map(([prefix, len, digits]) => withLuhn((prefix + digits).slice(0, len - 1)))
    .filter((c) => !idShaped(c) && !isValidCreditCode(c));

  it('finds every generated Luhn-valid card, plain or grouped by four, masked to the last 4', () => {
    fc.assert(
      fc.property(filler, card, fc.boolean(), filler, (a, c, grouped, b) => {
        const written = grouped ? c.replace(/(\d{4})(?=\d)/g, '$1 ') : c;
        const hits = screen(a + written + b).filter((f) => f.start === a.length);
        assert.equal(hits.length, 1, a + written + b);
        // A card number can happen to be a valid ID number too, which wins.
        if (hits[0]!.type !== 'id-number') {
          assert.equal(hits[0]!.type, 'bank-card');
          assert.equal(hits[0]!.severity, 'high');
          assert.equal(hits[0]!.masked.replace(/ /g, ''), '*'.repeat(c.length - 4) + c.slice(-4));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never reports a card with a wrong last digit', () => {
    fc.assert(
      fc.property(card, fc.integer({ min: 1, max: 9 }), (c, delta) => {
        const wrong = c.slice(0, -1) + String((Number(c.slice(-1)) + delta) % 10);
        assert.equal(types(`卡号${wrong}`).includes('bank-card'), false);
      }),
      { numRuns: 300 },
    );
  });

  it('ignores a Luhn-valid number with an unusual prefix (60, 9, 1)', () => {
    for (const body of ['601234567890123', '912345678901234', '112345678901234']) assert.equal(types(`编号${withLuhn(body)}`).includes('bank-card'), false, body);
  });

  it('keeps only the last 4 digits, with the spaces', () => {
    const c = withLuhn('622202123456789');
    const written = c.replace(/(\d{4})(?=\d)/g, '$1 ');
    assert.equal(ofType(`开户账号：${written}`, 'bank-card')[0]!.masked, `**** **** **** ${c.slice(-4)}`);
  });
});

describe('电子邮箱, 护照 and 港澳台通行证件', () => {
  it('finds e-mail addresses, masked to the first character and the domain', () => {
    const hits = ofType('来信请发至 zhang.san@example.com.cn，谢谢。', 'email');
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.text, 'zhang.san@example.com.cn');
    assert.equal(hits[0]!.masked, 'z***@example.com.cn');
    assert.equal(hits[0]!.severity, 'medium');
    assert.deepEqual(types('微博 @某某发布'), []);
  });

  const cases: [string, string, FindingType | null][] = [
    ['a passport after 护照号码', '护照号码：E12345678', 'passport'],
    ['an older G passport', '持中国护照（G12345678）', 'passport'],
    ['an EA-series passport', '护照号 EA1234567', 'passport'],
    ['a passport number without a keyword', '型号 E12345678 的设备', null],
    ['a passport number too far from the keyword', '护照的相关规定已经明确说明如下内容 E12345678', null],
    ['a 回乡证 number', '港澳居民来往内地通行证 H12345678', 'travel-permit'],
    ['a 10-digit 回乡证 number', '通行证号码 M1234567890', 'travel-permit'],
    ['a 台胞证 number', '台胞证号码：12345678', 'travel-permit'],
    ['eight digits near 通行证 without Taiwan', '通行证 12345678', null],
  ];
  for (const [name, text, type] of cases) {
    it(`${type ? 'finds' : 'ignores'} ${name}`, () => {
      const found = types(text).filter((t) => t === 'passport' || t === 'travel-permit');
      assert.deepEqual(found, type ? [type] : [], text);
    });
  }
});

describe('详细住址', () => {
  const cases: [string, string | null][] = [
    ['住址：北京市朝阳区幸福街道幸福路12号3栋2单元401室', '幸福路12号3栋2单元401室'],
    ['家住东城区和平里小区5号楼1单元302', '和平里小区5号楼1单元302'],
    ['户籍地：某某县某某镇前进村68号2幢', '前进村68号2幢'],
    ['现居住于阳光花园3栋2单元1501室。', '阳光花园3栋2单元1501室'],
    ['根据国办发〔2019〕5号文件', null],
    ['第12号令第3条', null],
    ['某某市人民政府令第5号', null],
  ];
  for (const [text, expected] of cases) {
    it(`${expected ? 'finds' : 'ignores'} “${text}”`, () => {
      const hits = ofType(text, 'address');
      assert.deepEqual(
        hits.map((h) => h.text),
        expected ? [expected] : [],
      );
      if (expected) assert.equal(hits[0]!.masked, expected.slice(0, 2) + '*'.repeat(expected.length - 4) + expected.slice(-2));
    });
  }
});

describe('姓名 in lists and tables', () => {
  const n1 = id('11010519491231002');
  const cases: [string, string, string[]][] = [
    ['space-separated', `张三 ${n1}`, ['张三']],
    ['a table row with bars', `| 1 | 欧阳娜娜 | ${n1} |`, ['欧阳娜娜']],
    ['tab-separated with a sex column', `3\t王小明\t男\t${n1}`, ['王小明']],
    ['comma before a mobile', '李四，13812345678', ['李四']],
    ['a label, not a name', '联系电话：13812345678', []],
    ['a name too far away', `张三同志的身份证号码是 ${n1}`, []],
    ['a word without a surname', `审核意见 ${n1}`, []],
    ['a name before a number that is not valid', `张三 ${wrongCheck(n1)}`, []],
  ];
  for (const [name, text, expected] of cases) {
    it(`${expected.length ? 'finds' : 'ignores'} ${name}`, () => {
      const hits = ofType(text, 'person-name');
      assert.deepEqual(
        hits.map((h) => h.text),
        expected,
        text,
      );
      for (const h of hits) assert.equal(h.masked, h.text[0] + '*'.repeat(h.text.length - 1));
    });
  }

  it('masks a whole subsidy list so that no full number or name is left', () => {
    const rows = [`序号 姓名 身份证号码 联系电话`, `1 张三 ${n1} 13812345678`, `2 李四 ${id('44030419880212001')} 13987654321`];
    const text = rows.join('\n');
    const masked = maskText(text, screen(text));
    assert.equal(masked, [`序号 姓名 身份证号码 联系电话`, `1 张* 110105********${n1.slice(14)} 138****5678`, `2 李* 440304********${id('44030419880212001').slice(14)} 139****4321`].join('\n'));
  });
});

describe('密级 and internal-use markings', () => {
  const cases: [string, FindingType | null, string | null][] = [
    ['秘密★5年', 'secrecy-marking', '秘密★5年'],
    ['机密★10年\n关于某某事项的通知', 'secrecy-marking', '机密★10年'],
    ['绝密☆长期', 'secrecy-marking', '绝密☆长期'],
    ['机密★', 'secrecy-marking', '机密★'],
    ['保守国家秘密是每个公民的义务', null, null],
    ['内部资料\n注意保存', 'internal-marking', '内部资料'],
    ['【工作秘密】', 'internal-marking', '工作秘密'],
    ['不得外传', 'internal-marking', '不得外传'],
    ['（四）保守工作秘密，不得泄露。', null, null],
    ['宗教团体可以编印宗教内部资料性出版物。', null, null],
    ['供区域内部使用的城市道路', null, null],
  ];
  for (const [text, type, expected] of cases) {
    it(`${type ? 'finds' : 'ignores'} “${text.replace('\n', ' ')}”`, () => {
      const hits = screen(text).filter((f) => f.type === 'secrecy-marking' || f.type === 'internal-marking');
      assert.deepEqual(
        hits.map((h) => [h.type, h.text]),
        type ? [[type, expected]] : [],
      );
    });
  }

  it('makes a 密级 marking high and an internal marking medium', () => {
    assert.equal(screen('秘密★5年')[0]!.severity, 'high');
    assert.equal(screen('内部资料')[0]!.severity, 'medium');
  });
});

describe('sensitive words of an agency', () => {
  it('finds each listed word literally, longest first, as medium', () => {
    const hits = screen('关于某某项目（试点）和某某项目的说明', ['某某项目（试点）', '某某项目', '']);
    assert.deepEqual(
      hits.map((h) => [h.type, h.text, h.severity]),
      [
        ['sensitive-word', '某某项目（试点）', 'medium'],
        ['sensitive-word', '某某项目', 'medium'],
      ],
    );
  });

  it('treats regular-expression characters as text', () => {
    assert.deepEqual(
      screen('a.b 与 a+b', ['a+b']).map((h) => h.text),
      ['a+b'],
    );
  });
});

describe('ordinary policy text', () => {
  const paragraphs = [
    '第一条 为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，建设法治政府，充分发挥政府信息对人民群众生产、生活和经济社会活动的服务作用，制定本条例。',
    '国务院办公厅关于印发2019年政务公开工作要点的通知（国办发〔2019〕14号）。各省、自治区、直辖市人民政府，国务院各部委、各直属机构：《2019年政务公开工作要点》已经国务院同意，现印发给你们，请结合实际认真贯彻落实。',
    '2024年全市实现地区生产总值12345.67亿元，比上年增长5.2%；一般公共预算收入1234567万元，新增城镇就业135000人，城镇调查失业率控制在5.5%以内。',
    '本条例自2019年5月15日起施行。中华人民共和国国务院令第711号，2019年4月3日。',
    '申请人可以通过信函、传真、电子邮件或者当面提交的方式提出申请，行政机关收到申请之日起20个工作日内予以答复；需要延长答复期限的，延长期限最长不得超过20个工作日。',
    '项目编号：ZB2024-00123456，合同金额人民币3500000.00元，统计代码20240230、20241301，批次号201908150001。',
  ];
  for (const p of paragraphs) {
    it(`produces no high finding: ${p.slice(0, 16)}…`, () => {
      const high = screen(p).filter((f) => f.severity === 'high');
      assert.deepEqual(high, []);
    });
  }

  it('flags nothing at all in these paragraphs', () => {
    assert.deepEqual(screen(paragraphs.join('\n')), []);
  });
});

describe('overlaps and masking', () => {
  const f = (type: FindingType, severity: Finding['severity'], start: number, end: number): Finding => ({ type, severity, start, end, text: 'x'.repeat(end - start), masked: '*'.repeat(end - start), message: '' });

  it('keeps the more severe, then the longer of overlapping findings, sorted by start', () => {
    const kept = resolveOverlaps([f('sensitive-word', 'medium', 10, 30), f('id-number', 'high', 12, 30), f('email', 'medium', 0, 5), f('address', 'medium', 3, 8)]);
    assert.deepEqual(
      kept.map((k) => [k.type, k.start]),
      [
        ['email', 0],
        ['id-number', 12],
      ],
    );
  });

  it('returns the text unchanged when there is nothing to mask', () => {
    assert.equal(maskText('没有个人信息的文本。', []), '没有个人信息的文本。');
  });

  it('uses UTF-16 offsets, so a finding after an astral character still slices correctly', () => {
    const text = `𠀀𠀁 联系人 13812345678`;
    const hit = ofType(text, 'mobile')[0]!;
    assert.equal(text.slice(hit.start, hit.end), '13812345678');
  });
});
