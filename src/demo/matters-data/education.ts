/** 教育局 (示范市教育局 and 东湖区教育局). */
import { applyFlow, inspectFlow, licenceFlow, penaltyFlow, type Ctx, type PowerSpec } from './common.js';

const EDU = '中华人民共和国教育法';
const PRIVATE = '中华人民共和国民办教育促进法';

export function educationPowers(c: Ctx): PowerSpec[] {
  const city = c.level === 'city';
  const d = (cityName: string, districtName: string) => (city ? cityName : districtName);
  const privateDiv = d('民办教育管理处', '民办教育科');
  const lawDiv = d('政策法规处（行政执法处）', '政策法规科');
  const teacherDiv = d('教师工作处', '人事教师科');
  const window = d('市政务服务中心教育窗口', '区政务服务中心社会事务窗口');

  const privateSchool: PowerSpec = {
    cat: 'XK',
    name: d('民办学校设立、分立、合并、变更及终止审批', '民办幼儿园及文化教育类民办培训机构设立、变更及终止审批'),
    sub: city
      ? ['民办学校筹设审批', '民办学校正式设立审批', '民办学校分立、合并审批', '民办学校变更举办者、名称、层次、类别审批', '民办学校终止审批']
      : ['民办幼儿园设立审批', '民办幼儿园变更审批', '民办幼儿园终止审批', '文化教育类民办培训机构设立审批'],
    basis: [
      [PRIVATE, '第十二条、第十四条、第十七条、第十八条、第五十三条、第五十四条'],
      [EDU, '第二十七条、第二十八条'],
      ...(city ? [] : ([['幼儿园管理条例', '第十一条、第十二条']] as const)),
    ],
    div: privateDiv,
    days: [60, city ? 40 : 30],
    note: '筹设申请自受理之日起三十日内、正式设立申请自受理之日起三个月内作出决定（《中华人民共和国民办教育促进法》第十七条、第十八条）；专家评议时间不计入',
    remarks: city ? '实施高中阶段学历教育、中等职业学历教育的民办学校由市教育局审批；实施学前教育的由区（县）教育局审批。' : '实施义务教育的民办学校设立须报示范市教育局审核。',
    flow: licenceFlow({
      apply: '设立申请报告、举办者资格证明、资产及经费来源证明、学校章程和首届决策机构组成人员名单、校长及教师资格证明、校舍产权或租赁证明',
      window,
      accept: 2,
      checks: [
        { name: '材料审查', role: `${privateDiv}承办人员`, days: city ? 10 : 8, result: '材料审查意见' },
        { name: '专家评议和实地考察', role: `${privateDiv}会同专家组`, days: city ? 20 : 15, note: '专家评议时间不计入法定期限', materials: '办学场地、设施设备、安全条件', result: '专家评议意见、实地考察报告' },
        { name: '局务会集体研究', role: `${privateDiv}负责人`, days: 5, result: '审批意见' },
      ],
      decideRole: c.leader,
      decide: 3,
      issueRole: window,
      issueDays: 5,
      certificate: city ? '民办学校办学许可证、批准设立文件' : '民办学校办学许可证（幼儿园）',
    }),
    guides: [
      {
        name: d('民办学校正式设立审批', '民办幼儿园设立审批'),
        audiences: ['legal', 'other', 'person'],
        conditions: city
          ? '1. 举办者为具有法人资格的社会组织或者具有政治权利和完全民事行为能力的个人；2. 有规范的学校名称、章程和首届理事会（董事会）组成人员；3. 有合格的校长和与办学层次相适应的专任教师；4. 有符合办学标准的校舍、场地和教学设施设备，校舍为自有或者租赁期不少于办学周期；5. 有必备的办学资金和稳定的经费来源，资金已足额到位；6. 已取得筹设批准书或者具备直接申请正式设立的条件。'
          : '1. 举办者为具有法人资格的社会组织或者具有政治权利和完全民事行为能力的个人；2. 园舍、场地符合《幼儿园建设标准》和消防、卫生安全要求，室外活动场地人均不少于 4 平方米；3. 园长、教师具备相应资格，保育员、卫生保健人员配备齐全；4. 有与办园规模相适应的办园经费；5. 符合' + `${c.gov}学前教育布局规划。`,
        quantity: city ? undefined : `按照${c.gov}学前教育布局规划审批，规划区域内学位供给已饱和的暂缓审批。`,
        prohibitions: '不得以营利为目的举办实施义务教育的民办学校；社会资本不得通过兼并收购、协议控制等方式控制公办学校、非营利性民办学校。',
        mats: [
          ['正式设立申请书（含办学宗旨、培养目标、办学规模、办学条件等）', 'o', 1, true],
          ['举办者资格证明文件（法人登记证书或身份证）', 'b', 1, true, '原件核验后退还'],
          ['学校章程、首届理事会（董事会）组成人员名单', 'o', 1, true],
          ['拟任校长（园长）的身份证、学历证书、教师资格证书及简历', 'c', 1, true],
          ['校舍产权证明或不少于办学周期的租赁合同', 'c', 1, true],
          ['验资报告或资产评估报告', 'o', 1, true, '由会计师事务所出具'],
          ['消防验收（备案）及卫生评价证明', 'c', 1, true],
          ['筹设批准书', 'c', 1, false, '经过筹设的提交'],
        ],
        window: '二楼 B 区教育窗口',
        result: city ? '民办学校办学许可证' : '民办学校办学许可证（幼儿园）',
        visits: 1,
        appointment: true,
        post: true,
        faq: [
          ['审批期限为什么比一般行政许可长？', '《中华人民共和国民办教育促进法》第十八条规定，审批机关对正式设立申请应当自受理之日起三个月内作出决定；专家评议和实地考察的时间不计算在期限内。'],
          ['取得办学许可证后还需要办理什么手续？', '非营利性民办学校到民政部门登记为民办非企业单位（社会服务机构），营利性民办学校到市场监督管理部门办理登记，登记后方可招生。'],
          ['可以先招生再办证吗？', '不可以。未经批准擅自招生的，由教育行政部门依照《中华人民共和国民办教育促进法》第六十四条责令停止办学。'],
        ],
        flow: 'power',
      },
    ],
  };

  const teacher: PowerSpec = {
    cat: 'XK',
    name: d('高级中学、中等职业学校教师资格认定', '幼儿园、小学和初级中学教师资格认定'),
    sub: city ? ['高级中学教师资格', '中等职业学校教师资格', '中等职业学校实习指导教师资格'] : ['幼儿园教师资格', '小学教师资格', '初级中学教师资格'],
    basis: [
      ['中华人民共和国教师法', '第十条、第十一条、第十三条'],
      ['教师资格条例', '第四条、第十三条'],
      ['教师资格条例实施办法', '第十二条'],
    ],
    div: teacherDiv,
    days: [30, 20],
    note: '自受理期限终止之日起三十日内作出认定结论，春秋两季集中受理',
    flow: licenceFlow({
      apply: '网上申报信息、身份证、学历证书、普通话水平测试等级证书、体检合格证明、中小学教师资格考试合格证明',
      window: d('市教育局教师资格认定窗口', '区教师资格认定窗口'),
      accept: 1,
      checks: [
        { name: '指定医院体检', role: '申请人、指定体检医院', days: 5, result: '体检表' },
        { name: '资格审查', role: `${teacherDiv}审核人员`, days: 10, materials: '学历、普通话、考试合格证明的联网核验结果', result: '资格审查意见' },
        { name: '认定委员会审议', role: `${c.gov}教师资格专家审查委员会`, days: 5, result: '审议意见' },
      ],
      decideRole: c.leader,
      decide: 2,
      issueRole: teacherDiv,
      issueDays: 5,
      certificate: '教师资格证书（电子证照同步生成）',
    }),
    guides: [
      {
        audiences: ['person'],
        conditions:
          '1. 遵守宪法和法律，热爱教育事业，具有良好的思想品德；2. 具备《中华人民共和国教师法》规定的相应学历；3. 普通话水平达到二级乙等及以上（语文教师二级甲等及以上）；4. 参加中小学教师资格考试合格或者符合免考条件；5. 身体健康，体检合格；6. 户籍、居住证或者任教学校在' +
          `${c.gov}。`,
        prohibitions: '丧失或者被撤销教师资格的，五年内不得重新申请；受到剥夺政治权利或者故意犯罪受到有期徒刑以上刑事处罚的，不得申请。',
        mats: [
          ['居民身份证', 'o', 1, true, '现场核验'],
          ['学历证书', 'o', 1, true, '可通过学信网联网核验的免于提交'],
          ['普通话水平测试等级证书', 'o', 1, true, '可联网核验的免于提交'],
          ['中小学教师资格考试合格证明', 'e', 1, true, '系统自动核验'],
          ['《申请认定教师资格人员体检表》', 'o', 1, true, '在指定医院体检'],
          ['个人承诺书（思想品德）', 'o', 1, true, '网上签署'],
          ['近期免冠白底彩色照片', 'e', 1, true, '网上上传'],
        ],
        window: d('三楼 C 区教师资格认定窗口', '一楼社会事务窗口'),
        result: '教师资格证书',
        visits: 1,
        post: true,
        faq: [
          ['什么时候可以申请认定？', '每年春季（4 月）和秋季（9 月）各集中受理一次，具体时间以中国教师资格网和本局公告为准。'],
          ['体检在哪里做？', `在${c.gov}教育部门指定的二级甲等以上医院体检，体检结果半年内有效。`],
          ['证书丢失可以补办吗？', '可以，向原认定机构申请补发，补发的证书注明“补发”字样。'],
        ],
        flow: 'power',
      },
    ],
  };

  const illegalSchool: PowerSpec = {
    cat: 'CF',
    name: '对违反国家有关规定举办学校或者其他教育机构的行政处罚',
    basis: [[EDU, '第七十五条']],
    div: lawDiv,
  };

  const fees: PowerSpec = {
    cat: 'CF',
    name: '对学校及其他教育机构违反国家有关规定向受教育者收取费用的行政处罚',
    basis: [
      [EDU, '第七十八条'],
      ['中华人民共和国义务教育法', '第五十六条'],
    ],
    div: lawDiv,
    flow: city
      ? undefined
      : penaltyFlow({
          source: '家长投诉举报、12345 热线转办、专项检查发现的违规收费线索',
          officer: '综合执法人员（两人以上）',
          head: `${lawDiv}负责人`,
          leader: c.leader,
          file: 5,
          investigate: 20,
          evidence: '收费凭证、收费公示材料、学生及家长询问笔录、财务账目',
          review: 5,
          hearing: 10,
          decide: 3,
          deliver: 7,
          execute: 15,
          penalty: '行政处理决定书（责令退还所收费用）',
          executeNote: '责令限期退还所收费用',
        }),
  };

  const privateViolation: PowerSpec = {
    cat: 'CF',
    name: '对民办学校违法办学行为的行政处罚',
    sub: [
      '擅自分立、合并民办学校的',
      '擅自改变民办学校名称、层次、类别和举办者的',
      '发布虚假招生简章或者广告，骗取钱财的',
      '非法颁发或者伪造学历证书、结业证书、培训证书、职业资格证书的',
      '管理混乱严重影响教育教学，产生恶劣社会影响的',
      '提交虚假证明文件或者采取其他欺诈手段隐瞒重要事实骗取办学许可证的',
      '伪造、变造、买卖、出租、出借办学许可证的',
      '恶意终止办学、抽逃资金或者挪用办学经费的',
    ],
    basis: [[PRIVATE, '第六十二条']],
    div: lawDiv,
    flow: city
      ? penaltyFlow({
          source: '年度检查、投诉举报、媒体反映、其他部门移送的违法办学线索',
          officer: '教育行政执法人员（两人以上）',
          head: `${lawDiv}负责人`,
          leader: '局长办公会',
          file: 7,
          investigate: 30,
          evidence: '招生简章、广告、收费及财务凭证、办学许可证、询问笔录、现场检查笔录',
          review: 7,
          legal: '局法制审核机构',
          hearing: 10,
          decide: 5,
          deliver: 7,
          execute: 15,
          penalty: '行政处罚决定书（警告、没收违法所得、责令停止招生或吊销办学许可证）',
        })
      : undefined,
  };

  const unapproved: PowerSpec = {
    cat: 'CF',
    name: '对擅自举办民办学校或者擅自开展校外培训活动的行政处罚',
    basis: [
      [PRIVATE, '第六十四条'],
      ['校外培训行政处罚暂行办法', null],
    ],
    div: lawDiv,
  };

  const supervise: PowerSpec = {
    cat: 'JC',
    name: d('对学校及其他教育机构教育教学工作的督导检查', '对辖区中小学校、幼儿园办学行为的督导检查'),
    basis: [
      ['教育督导条例', '第二条、第十四条'],
      [EDU, '第二十五条'],
    ],
    div: d('市人民政府教育督导室', '区人民政府教育督导室'),
    flow: city
      ? inspectFlow({
          plan: '年度督导检查计划下达',
          planner: '市人民政府教育督导室',
          inspector: '督学及督导检查组',
          select: 3,
          inspect: 5,
          items: '办学章程执行、课程开设、作业管理、校园安全、收费公示、教师配备等台账',
          rectify: 20,
          transferTo: '政策法规处（行政执法处）立案',
        })
      : undefined,
  };

  const aid: PowerSpec = {
    cat: 'JF',
    name: d('普通高中国家助学金发放', '义务教育阶段家庭经济困难学生生活补助发放'),
    basis: [
      [EDU, '第三十八条'],
      ['学生资助资金管理办法', null],
    ],
    div: d('市学生资助管理中心', '区学生资助管理中心'),
    note: '按学期认定，资金于学期内发放到学生本人银行卡',
    respBasis: '《学生资助资金管理办法》（财教〔2021〕310号）',
  };

  const award: PowerSpec = {
    cat: 'JL',
    name: '对在教育工作中做出突出贡献的单位和个人的表彰奖励',
    sub: ['优秀教师、优秀教育工作者评选', '教学成果奖评选'],
    basis: [
      [EDU, '第十三条'],
      ['中华人民共和国教师法', '第三十三条'],
    ],
    div: d('人事处', '人事教师科'),
  };

  const powers: PowerSpec[] = [privateSchool, teacher];
  if (city) {
    powers.push(illegalSchool, fees, privateViolation, unapproved, {
      cat: 'CF',
      name: '对在国家教育考试中作弊等违规行为的处理',
      basis: [
        [EDU, '第七十九条、第八十条'],
        ['国家教育考试违规处理办法', '第五条至第九条'],
      ],
      div: '市教育考试院',
      nature: 'authorised',
    });
    powers.push(supervise, aid, award, {
      cat: 'QT',
      name: '中等职业学校专业设置备案',
      basis: [
        ['中华人民共和国职业教育法', '第三十三条'],
        ['职业教育专业目录（2021年）', null],
      ],
      div: '职业教育与成人教育处',
      days: [null, 10],
    });
  } else {
    powers.push(
      {
        cat: 'QT',
        name: '适龄儿童、少年因身体状况需要延缓入学或者休学审批',
        sub: ['延缓入学审批', '休学审批'],
        basis: [['中华人民共和国义务教育法', '第十一条']],
        div: '基础教育科',
        days: [null, 5],
        flow: applyFlow({
          apply: '延缓入学（休学）申请表、儿童户口簿、二级以上医院诊断证明',
          window: '区政务服务中心社会事务窗口',
          accept: 1,
          noReject: true,
          acceptYes: '材料齐全',
          checks: [{ name: '审核诊断证明，征求学校意见', role: '基础教育科经办人员', days: 2, result: '审核意见' }],
          decideName: '作出审批决定',
          decideRole: '基础教育科负责人',
          decide: 1,
          yes: '同意延缓入学或休学',
          no: '不同意',
          issue: { name: '出具批准通知并告知学校', role: '基础教育科', days: 1, result: '延缓入学（休学）批准通知书' },
          refuse: { name: '书面告知理由', role: '基础教育科', days: 1, result: '不予批准告知书' },
        }),
        guides: [
          {
            audiences: ['person'],
            conditions: '适龄儿童、少年因身体状况（疾病、残疾等）确实无法正常入学或者继续学习，由其父母或者其他法定监护人提出申请。延缓入学期满仍不能入学的，应当重新提出申请。',
            mats: [
              ['延缓入学（休学）申请表', 'o', 1, true, '由父母或其他法定监护人签字'],
              ['儿童户口簿', 'b', 1, true],
              ['二级以上医院出具的诊断证明或病历', 'b', 1, true],
              ['监护人身份证', 'b', 1, true],
              ['学校意见', 'o', 1, false, '申请休学的提交'],
            ],
            days: [null, 5],
            window: '一楼社会事务窗口',
            result: '延缓入学（休学）批准通知书',
            visits: 1,
            faq: [
              ['延缓入学最长多久？', '延缓入学一般为一年，期满仍因身体原因不能入学的可以再次申请。'],
              ['休学期间学籍怎么处理？', '休学期间保留学籍，复学时向原学校提出申请。'],
            ],
            flow: 'power',
          },
        ],
      },
      illegalSchool,
      fees,
      privateViolation,
      {
        cat: 'CF',
        name: '对幼儿园违反《幼儿园管理条例》行为的行政处罚',
        sub: ['未经登记注册擅自招收幼儿的', '园舍、设施不符合国家卫生标准、安全标准，妨害幼儿身体健康或者威胁幼儿生命安全的', '教育内容和方法违背幼儿教育规律，损害幼儿身心健康的'],
        basis: [
          ['幼儿园管理条例', '第二十七条'],
          ['中华人民共和国学前教育法', null],
        ],
        div: lawDiv,
        status: ['under_revision', '2025-06-01'],
        remarks: '《中华人民共和国学前教育法》自 2025 年 6 月 1 日起施行，本项设定依据和处罚种类按新法调整中。',
      },
      unapproved,
      supervise,
      aid,
      award,
    );
  }
  return powers;
}
