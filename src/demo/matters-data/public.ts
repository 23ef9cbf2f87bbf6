/**
 * 办事指南 of the public enterprises and institutions (公共企事业单位办事公开, ogi-rules §7.2):
 * 示范市自来水有限公司, 示范市燃气集团有限公司, 示范市第一人民医院, 示范市公共交通集团有限公司.
 */
import { decision, end, materials, serviceFlow, start, task, type Flowchart, type Law, type Mat, type ServiceContentInput } from './common.js';

interface Unit {
  prefix: string;
  sector: 'water' | 'gas' | 'health' | 'transport';
  place: string;
  hours: string;
  transport: string;
  site: string;
  consult: string;
  complaint: string;
}

const UNITS: Record<string, Unit> = {
  'sz-water': {
    prefix: 'SZWATER-FW',
    sector: 'water',
    place: '示范市自来水有限公司客户服务中心营业厅（示范市清泉路 1 号）',
    hours: '营业厅周一至周日 8:30–17:30（法定节假日照常营业）；服务热线 24 小时',
    transport: '乘坐 5 路、12 路公交车至“清泉路”站下车，向东步行 200 米',
    site: 'https://water.shifan.example',
    consult: '供水服务热线 0999-96100（24 小时）；营业厅现场咨询；“示范水务”微信公众号在线客服',
    complaint: '示范市自来水有限公司客户服务中心 0999-96100；行业主管部门示范市住房和城乡建设局 0999-81110000；示范市 12345 政务服务便民热线',
  },
  'sz-gas': {
    prefix: 'SZGAS-FW',
    sector: 'gas',
    place: '示范市燃气集团有限公司客户服务中心（示范市燃气路 2 号）',
    hours: '营业厅周一至周日 8:30–17:30；燃气抢修热线 24 小时',
    transport: '乘坐 8 路、19 路公交车至“燃气公司”站下车',
    site: 'https://gas.shifan.example',
    consult: '燃气服务热线 0999-96200（24 小时）；营业厅现场咨询；“示范燃气”微信公众号',
    complaint: '示范市燃气集团有限公司客户服务中心 0999-96200；行业主管部门示范市住房和城乡建设局 0999-81110000；示范市 12345 政务服务便民热线',
  },
  'sz-hospital': {
    prefix: 'SZYY-FW',
    sector: 'health',
    place: '示范市第一人民医院门诊楼（示范市人民路 120 号）',
    hours: '门诊周一至周日 8:00–12:00、14:00–17:30；急诊 24 小时',
    transport: '乘坐 1 路、7 路、K3 路公交车至“市一医院”站下车；地铁 1 号线人民路站 A 出口',
    site: 'https://www.sz-hospital.shifan.example',
    consult: '医院总机 0999-8120120；门诊服务中心（门诊楼一楼大厅）；“示范市一医院”微信公众号',
    complaint: '医院投诉管理办公室 0999-8120199（门诊楼一楼）；示范市卫生健康委员会 0999-81310000；示范市 12345 政务服务便民热线',
  },
  'sz-bus': {
    prefix: 'SZBUS-FW',
    sector: 'transport',
    place: '示范市公共交通集团有限公司客户服务中心（示范市公交路 3 号）',
    hours: '周一至周日 8:00–18:00',
    transport: '乘坐 2 路、6 路、9 路公交车至“公交总站”站下车',
    site: 'https://bus.shifan.example',
    consult: '公交服务热线 0999-96300；客户服务中心现场咨询；“示范公交”APP',
    complaint: '示范市公共交通集团有限公司服务监督电话 0999-96300；行业主管部门示范市交通运输局 0999-81210000；示范市 12345 政务服务便民热线',
  },
};

interface PublicGuide {
  name: string;
  division: string;
  audiences: readonly ('person' | 'legal' | 'other')[];
  instant?: boolean;
  basis?: readonly Law[];
  conditions: string;
  prohibitions?: string;
  mats: readonly Mat[];
  promised: number | null;
  limitNote?: string;
  fees: string;
  place?: string;
  hours?: string;
  result: string;
  delivery: string;
  path: string;
  visits: number;
  appointment?: boolean;
  post?: boolean;
  faq: readonly (readonly [string, string])[];
  flow?: Flowchart;
}

function build(org: { name: string }, unit: Unit, guides: readonly PublicGuide[]): { content: ServiceContentInput; flowchart: Flowchart | null }[] {
  return guides.map((g, i) => ({
    content: {
      code: `${unit.prefix}-${String(i + 1).padStart(3, '0')}`,
      name: g.name,
      serviceType: '公共服务',
      sector: unit.sector,
      powerId: null,
      implementingBody: org.name,
      division: g.division,
      audiences: [...g.audiences],
      handlingType: g.instant ? 'instant' : 'promised',
      basis: (g.basis ?? []).map(([law, article]) => ({ law, article, itemId: null })),
      conditions: g.conditions,
      quantityLimit: null,
      prohibitions: g.prohibitions ?? null,
      materials: materials(g.mats),
      statutoryDays: null,
      promisedDays: g.promised,
      limitNote: g.limitNote ?? null,
      fees: g.fees,
      place: g.place ?? unit.place,
      hours: g.hours ?? unit.hours,
      transport: unit.transport,
      resultName: g.result,
      resultDelivery: g.delivery,
      onlineUrl: `${unit.site}${g.path}`,
      visits: g.visits,
      appointment: g.appointment ?? false,
      delivery: g.post ?? false,
      consult: unit.consult,
      complaint: unit.complaint,
      remedies: null,
      faq: g.faq.map(([q, a]) => ({ q, a })),
    },
    flowchart: g.flow ?? null,
  }));
}

const UTILITY_FEES = '国务院办公厅转发国家发展改革委等部门关于清理规范城镇供水供电供气供暖行业收费促进行业高质量发展意见的通知';

const WATER: PublicGuide[] = [
  {
    name: '新装用水报装（居民、非居民）',
    division: '客户服务中心报装科',
    audiences: ['person', 'legal', 'other'],
    basis: [
      ['城市供水条例', null],
      [UTILITY_FEES, null],
    ],
    conditions: '1. 用水地址在示范市自来水有限公司供水范围内，周边市政供水管网具备接水条件；2. 新建建筑已取得建设工程规划许可证（或不动产权证书）；3. 非居民用户用水性质、用水量明确，二次供水设施符合国家卫生和技术标准；4. 用户红线内给水工程设计符合《建筑给水排水设计标准》。',
    mats: [
      ['用水报装申请表', 'o', 1, true, '营业厅领取或网上填写'],
      ['申请人身份证或营业执照', 'c', 1, true],
      ['不动产权证书或建设工程规划许可证', 'c', 1, true, '已通过工程建设项目审批管理系统共享的免于提交'],
      ['红线内给水设计图纸', 'e', 1, false, '非居民用户和住宅小区提交'],
      ['授权委托书及经办人身份证', 'o', 1, false, '委托他人办理的提交'],
    ],
    promised: 10,
    limitNote: '无外线工程的 3 个工作日、有外线工程的 10 个工作日内通水，不含道路挖掘等行政审批时间',
    fees: '建筑区划红线外的供水接入工程费用由供水企业承担，不向用户收取；红线内工程由用户自主选择施工单位，费用按合同结算（依据国办函〔2020〕129号）',
    result: '通水并建立用水户档案（用户号）',
    delivery: '现场装表通水，短信告知用户号',
    path: '/service/install',
    visits: 0,
    appointment: true,
    faq: [
      ['报装要跑几趟？', '通过“示范水务”公众号或政务服务网在线申请，工作人员上门踏勘、装表，全程“零跑动”。'],
      ['用户红线内的工程一定要由自来水公司施工吗？', '不是。用户可以自主选择具备相应资质的施工单位，供水企业不得指定。'],
      ['什么时候开始计费？', '自装表通水之日起，按照抄见水量和示范市现行水价计收水费。'],
    ],
    flow: serviceFlow({
      apply: '用水报装申请表、身份证明、不动产权证书或规划许可证',
      applyName: '线上或营业厅申请报装',
      window: '报装受理专员',
      accept: 1,
      works: [
        { name: '现场踏勘', role: '报装科客户经理', days: 1, result: '踏勘记录' },
        { name: '供水方案答复', role: '报装科', days: 1, result: '供水方案' },
        { name: '接水工程施工', role: '供水管网工程部', days: 6, note: '无外线工程的 1 个工作日', result: '竣工记录' },
        { name: '验收装表通水', role: '报装科、计量所', days: 1, result: '水表安装单、用户号' },
      ],
      endName: '通水办结',
    }),
  },
  {
    name: '用水过户（更名）',
    division: '客户服务中心营业科',
    audiences: ['person', 'legal'],
    instant: true,
    conditions: '房屋产权或者使用权发生变更，原用水户已结清水费（可与过户同时结清）。办理不动产转移登记时可同步申请用水过户。',
    mats: [
      ['用水过户申请表', 'o', 1, true],
      ['新用户身份证或营业执照', 'c', 1, true],
      ['变更后的不动产权证书或房屋租赁合同', 'c', 1, true, '不动产登记“水电气联动过户”已共享的免于提交'],
    ],
    promised: 0,
    limitNote: '材料齐全的当场办结',
    fees: '不收费',
    result: '更新后的用水户信息',
    delivery: '当场办结，短信通知',
    path: '/service/transfer',
    visits: 0,
    faq: [
      ['必须本人到营业厅吗？', '不必。办理不动产转移登记时勾选“水电气联动过户”即可同步办理，也可以通过公众号在线提交。'],
      ['原户主欠费怎么办？', '过户时系统按当日抄表数结算，欠费由原户主结清后办理，或买卖双方协商约定承担。'],
    ],
    flow: serviceFlow({
      apply: '过户申请表、新用户身份证明、不动产权证书',
      window: '营业厅柜员',
      accept: 0,
      acceptNote: '当场',
      works: [
        { name: '抄表结算', role: '营业厅柜员', days: 0, note: '当场', result: '结算单' },
        { name: '变更用户信息', role: '营业厅柜员', days: 0, note: '当场', result: '过户回执' },
      ],
    }),
  },
  {
    name: '水表迁移、改装（移表、换表、扩缩径）',
    division: '客户服务中心报装科',
    audiences: ['person', 'legal', 'other'],
    conditions: '用水户因房屋装修、用水量变化等原因需要迁移水表位置、改变水表口径；改装后的水表应当便于抄读、维护，不得设在卫生间等潮湿、不便维修的场所。',
    prohibitions: '严禁私自拆装、移动水表和破坏水表铅封，违者按照《城市供水条例》有关规定处理。',
    mats: [
      ['水表迁移（改装）申请表', 'o', 1, true],
      ['用水户身份证或营业执照', 'c', 1, true],
      ['最近一期水费缴费凭证', 'c', 1, false, '系统可查询的免于提交'],
    ],
    promised: 5,
    fees: '按照示范市供水工程收费标准收取材料费和安装费，施工前书面告知用户；因供水企业原因更换水表的不收费',
    result: '水表迁移或改装完成',
    delivery: '上门施工，完成后用户签字确认',
    path: '/service/meter',
    visits: 0,
    appointment: true,
    faq: [
      ['周期检定到期的水表需要用户付费吗？', '不需要。水表强制检定和到期轮换由供水企业负责，费用由企业承担。'],
      ['改装后水费怎么算？', '改装前后的水量分段计算，改装当日抄表结算原水表读数。'],
    ],
    flow: serviceFlow({
      apply: '水表迁移（改装）申请表、身份证明',
      window: '营业厅柜员',
      accept: 1,
      works: [
        { name: '上门勘查', role: '报装科技术员', days: 1, result: '勘查单' },
        { name: '告知费用并确认', role: '报装科', days: 1, result: '费用告知书' },
        { name: '施工改装', role: '管网维修班组', days: 2, result: '施工单（用户签字）' },
      ],
    }),
  },
  {
    name: '水费缴纳和账单查询',
    division: '客户服务中心营业科',
    audiences: ['person', 'legal', 'other'],
    instant: true,
    conditions: '持有示范市自来水有限公司用户号的用水户；居民用水实行阶梯水价，非居民用水实行超定额累进加价。',
    mats: [['用户号或用水地址', 'e', 1, true, '可在水费账单上查询']],
    promised: 0,
    fees: '不收取手续费。居民用水价格：第一阶梯 2.80 元/立方米（含污水处理费），第二阶梯 3.70 元/立方米，第三阶梯 6.40 元/立方米（依据示范市发展和改革委员会价格文件）',
    place: '营业厅、“示范水务”公众号、银行网点、政务服务网和第三方支付平台',
    hours: '线上渠道 24 小时；营业厅周一至周日 8:30–17:30',
    result: '缴费凭证、电子账单',
    delivery: '即时到账，电子发票推送至公众号',
    path: '/service/pay',
    visits: 0,
    faq: [
      ['逾期缴费会停水吗？', '欠费超过 2 个抄表周期的，经书面催告仍不缴纳的，供水企业可以依照供用水合同的约定中止供水，中止前提前 48 小时通知。'],
      ['对水量有异议怎么办？', '可以申请复核抄表或者水表检定，检定误差超出规定的按规定退补水费，检定费用由责任方承担。'],
    ],
  },
  {
    name: '停水报修和供水故障抢修',
    division: '管网抢修中心',
    audiences: ['person', 'legal', 'other'],
    instant: true,
    conditions: '发现无水、水压不足、水质异常、管道漏水、爆管、水表损坏等情况，可随时报修。计划停水信息提前 24 小时在公众号和小区公告栏发布。',
    mats: [
      ['报修地址和联系电话', 'e', 1, true],
      ['故障现场照片', 'e', 1, false],
    ],
    promised: 1,
    limitNote: '接报后城区 1 小时内、郊区 2 小时内到达现场，一般故障 24 小时内修复',
    fees: '用户水表前（含水表）的供水设施维修不收费；表后用户自有设施维修按实际发生的材料费收取',
    hours: '24 小时',
    result: '故障修复并恢复供水',
    delivery: '现场处理，事后电话回访',
    path: '/service/repair',
    visits: 0,
    faq: [
      ['爆管停水多久能恢复？', '一般故障 24 小时内修复；大口径管道抢修需要更长时间的，提供临时供水车送水并公告预计恢复时间。'],
      ['水发黄、有异味怎么办？', '暂停饮用，打开水龙头放水几分钟；仍不改善的立即拨打 0999-96100，水质检测人员将上门取样检测。'],
    ],
    flow: serviceFlow({
      apply: '报修地址、故障描述、联系电话',
      applyName: '拨打 0999-96100 或线上报修',
      window: '热线坐席',
      accept: null,
      works: [
        { name: '接报派单', role: '96100 热线坐席', days: 0, note: '即时', result: '抢修工单' },
        { name: '到达现场抢修', role: '管网抢修班组', days: 1, note: '城区1小时内到场', result: '抢修记录' },
        { name: '恢复供水并回访', role: '管网抢修中心', days: 0, note: '修复后即时回访', result: '回访记录' },
      ],
      endName: '抢修结束',
    }),
  },
  {
    name: '阶梯水价“一户多人口”用水量核增申报',
    division: '客户服务中心营业科',
    audiences: ['person'],
    basis: [['关于加快建立完善城镇居民用水阶梯价格制度的指导意见', null]],
    conditions: '居民家庭户籍人口或实际居住人口（持居住证）超过 4 人的，可以申请按人口核增阶梯水量，每增加 1 人每年增加第一阶梯水量 45 立方米。',
    mats: [
      ['一户多人口核增申请表', 'o', 1, true],
      ['户口簿或居住证', 'c', 1, true],
      ['户主身份证', 'c', 1, true],
      ['房屋租赁合同', 'c', 1, false, '租住户提交'],
    ],
    promised: 3,
    fees: '不收费',
    result: '核增后的阶梯水量',
    delivery: '短信通知，自次月抄表周期起执行',
    path: '/service/ladder',
    visits: 0,
    faq: [
      ['每年都要重新申报吗？', '不需要每年申报，家庭人口发生变化时应当及时变更；公司每两年通过公安人口信息比对核实一次。'],
      ['合租的非家庭人员可以申报吗？', '持有本地址居住证的实际居住人员可以一并计算。'],
    ],
  },
];

const GAS_SAFETY = '城镇燃气管理条例';

function gasCheckFlow(): Flowchart {
  return {
    steps: [
      start('book', '用户预约入户安检', 'visit', { materials: '用户号、联系电话、预约时间' }),
      task('visit', '安检员上门检查', '燃气安检员（持证上岗）', 1, 'judge', { note: '按预约时间段上门', materials: '燃气表、管道、阀门、软管、燃具、报警器', result: '入户安检记录' }),
      decision('judge', '是否存在安全隐患', '燃气安检员', 0, [['sign', '未发现隐患'], ['notice', '发现隐患']], { note: '当场' }),
      task('notice', '出具隐患整改通知书', '燃气安检员', 0, 'fix', { note: '当场', result: '安全隐患整改通知书' }),
      task('fix', '整改和复查', '用户、燃气维修人员', 2, 'sign', { note: '严重隐患当场停气', result: '复查记录' }),
      task('sign', '用户签字确认', '燃气安检员', 0, 'end', { note: '当场', result: '安检结果告知单' }),
      end('end', '安检完成'),
    ],
  };
}

const GAS: PublicGuide[] = [
  {
    name: '居民燃气开户（通气点火）',
    division: '客户服务中心',
    audiences: ['person'],
    basis: [[GAS_SAFETY, '第十七条、第十八条']],
    conditions: '1. 房屋已完成户内燃气设施安装并经验收合格；2. 厨房通风良好，安装了符合标准的燃具和燃气泄漏报警器；3. 申请人为房屋产权人或经产权人同意的承租人。',
    prohibitions: '燃具与燃气表不得安装在卧室；不得使用国家明令淘汰的燃气燃烧器具。',
    mats: [
      ['燃气开户申请表', 'o', 1, true, '可在公众号填写'],
      ['申请人身份证', 'c', 1, true],
      ['不动产权证书或购房合同', 'c', 1, true],
      ['房屋租赁合同和产权人同意书', 'c', 1, false, '承租人申请的提交'],
    ],
    promised: 2,
    limitNote: '受理后 2 个工作日内按预约时间上门通气',
    fees: '开户、通气不收费；燃气计量表由燃气企业负责安装和维护（依据国办函〔2020〕129号）',
    result: '燃气供用气合同、用户号',
    delivery: '上门通气点火，现场签订供用气合同',
    path: '/service/open',
    visits: 0,
    appointment: true,
    faq: [
      ['开户需要交押金吗？', '不需要。燃气企业不得收取开户费、押金等费用。'],
      ['通气时要注意什么？', '通气时须有成年人在场，工作人员将进行首次安全检查并讲解安全用气常识。'],
    ],
    flow: serviceFlow({
      apply: '开户申请表、身份证、产权证明',
      window: '客户服务中心受理员',
      accept: 0,
      acceptNote: '当场',
      works: [
        { name: '预约上门时间', role: '客户服务中心', days: 1, result: '预约单' },
        { name: '首次安检和通气点火', role: '燃气安装维修人员', days: 1, result: '通气点火记录、供用气合同' },
      ],
      endName: '开户完成',
    }),
  },
  {
    name: '户内燃气设施改装（燃气表迁移、管道改装）',
    division: '工程服务部',
    audiences: ['person', 'legal'],
    basis: [[GAS_SAFETY, '第二十八条']],
    conditions: '用户因装修等原因需要改动燃气表、户内燃气管道位置的，应当向燃气企业申请，由燃气企业或者具备资质的施工单位实施。',
    prohibitions: '严禁擅自安装、改装、拆除户内燃气设施，严禁将燃气管道暗埋、包封在墙体内；违者依照《城镇燃气管理条例》第四十九条由燃气管理部门责令改正并处罚款。',
    mats: [
      ['户内燃气设施改装申请表', 'o', 1, true],
      ['用户身份证', 'c', 1, true],
      ['改装位置示意图或照片', 'e', 1, false],
    ],
    promised: 5,
    fees: '按照示范市燃气工程安装收费标准收取材料费和人工费，施工前出具费用清单，经用户确认后施工',
    result: '改装完成并通过气密性检测',
    delivery: '上门施工，用户签字验收',
    path: '/service/modify',
    visits: 0,
    appointment: true,
    faq: [
      ['装修时燃气管道可以包起来吗？', '可以使用便于拆卸的装饰板包覆，但必须预留检修口，不得封闭在墙体或吊顶内。'],
      ['改装完成后多久可以用气？', '改装完成并经气密性检测合格后即可恢复用气。'],
    ],
    flow: serviceFlow({
      apply: '改装申请表、身份证、位置示意',
      window: '客户服务中心受理员',
      accept: 1,
      works: [
        { name: '上门勘查', role: '工程服务部技术员', days: 1, result: '勘查记录' },
        { name: '出具方案和费用清单', role: '工程服务部', days: 1, result: '改装方案、费用清单' },
        { name: '施工改装和气密性检测', role: '燃气安装维修人员', days: 2, result: '施工验收单' },
      ],
      endName: '改装完成',
    }),
  },
  {
    name: '燃气入户安全检查预约',
    division: '安全服务部',
    audiences: ['person', 'legal'],
    basis: [[GAS_SAFETY, '第十七条']],
    conditions: '燃气企业对居民用户每年至少进行一次入户安全检查，非居民用户每半年至少一次；用户也可以随时预约安全检查。',
    mats: [['用户号或用气地址', 'e', 1, true]],
    promised: 3,
    fees: '安全检查不收费；发现隐患需要更换的配件按成本价收取，用户可以自行选购符合国家标准的产品',
    result: '入户安检结果告知单',
    delivery: '现场出具',
    path: '/service/inspection',
    visits: 0,
    appointment: true,
    faq: [
      ['怎么辨别安检员身份？', '安检员统一着装、佩戴工作证，可拨打 0999-96200 核实；燃气公司不会上门推销燃气灶具。'],
      ['检查发现隐患不整改会怎样？', '存在严重安全隐患拒不整改的，燃气企业可以依法暂停供气，直至隐患消除。'],
    ],
    flow: gasCheckFlow(),
  },
  {
    name: '燃气泄漏报警和故障报修',
    division: '燃气抢修中心',
    audiences: ['person', 'legal', 'other'],
    instant: true,
    conditions: '发现燃气泄漏、燃气设施损坏、燃气表故障、燃具不能正常使用等情况，可随时报修；闻到燃气异味时立即关闭阀门、开窗通风，到室外安全地点拨打抢修电话。',
    prohibitions: '发现燃气泄漏时严禁开关电器、拨打手机、使用明火。',
    mats: [['报修地址和联系电话', 'e', 1, true]],
    promised: 0,
    limitNote: '接警后城区 30 分钟内到达现场',
    fees: '燃气表及表前设施维修不收费；表后用户设施维修按实际发生的材料费收取',
    hours: '24 小时',
    result: '险情排除、故障修复',
    delivery: '现场处理',
    path: '/service/emergency',
    visits: 0,
    faq: [
      ['晚上可以报修吗？', '可以。燃气抢修热线 0999-96200 全天 24 小时受理。'],
      ['燃气表不走字怎么办？', '拨打热线报修，维修人员上门检查，确属燃气表故障的免费更换。'],
    ],
    flow: serviceFlow({
      apply: '报修地址、险情描述、联系电话',
      applyName: '拨打 0999-96200 报警报修',
      window: '抢修调度',
      accept: null,
      works: [
        { name: '接警派单', role: '96200 抢修调度', days: 0, note: '即时', result: '抢修工单' },
        { name: '到场处置', role: '燃气抢修队', days: 0, note: '城区30分钟内到场', result: '抢修记录' },
        { name: '恢复供气并安全检查', role: '燃气抢修队', days: 0, note: '险情排除后', result: '恢复供气记录' },
      ],
      endName: '抢修结束',
    }),
  },
  {
    name: '燃气过户、销户',
    division: '客户服务中心',
    audiences: ['person', 'legal'],
    instant: true,
    conditions: '房屋产权或使用权发生变更需要变更燃气用户信息，或者房屋拆除等原因不再用气需要销户的；办理前结清燃气费。',
    mats: [
      ['过户（销户）申请表', 'o', 1, true],
      ['新用户身份证或营业执照', 'c', 1, true],
      ['变更后的不动产权证书', 'c', 1, true, '不动产登记“水电气联动过户”已共享的免于提交'],
    ],
    promised: 0,
    fees: '不收费',
    result: '用户信息变更或销户完成',
    delivery: '当场办结',
    path: '/service/transfer',
    visits: 0,
    faq: [
      ['IC 卡表用户过户后卡里余额怎么办？', '余额随表转移，由买卖双方自行结算；也可以在过户时由原用户申请退还。'],
      ['销户后还能恢复用气吗？', '销户时燃气企业上门拆除燃气表并封堵管道；需要恢复用气的，按新开户办理，并经安全检查合格后通气。'],
    ],
  },
  {
    name: '非居民用户用气报装',
    division: '工程服务部',
    audiences: ['legal', 'other'],
    basis: [[UTILITY_FEES, null]],
    conditions: '1. 用气地址在燃气管网覆盖范围内；2. 用气场所符合燃气安全技术要求，具备独立的燃具间或符合规范的厨房；3. 已取得营业执照；4. 餐饮等场所安装燃气泄漏报警和自动切断装置。',
    mats: [
      ['非居民用气报装申请表', 'o', 1, true],
      ['营业执照', 'c', 1, true],
      ['用气场所产权证明或租赁合同', 'c', 1, true],
      ['用气设备清单（燃具型号、额定热负荷）', 'o', 1, true],
      ['燃气工程设计图纸', 'e', 1, false, '用气量较大的提交'],
    ],
    promised: 10,
    limitNote: '无外线工程的 4 个工作日、有外线工程的 10 个工作日内通气，不含行政审批时间',
    fees: '建筑区划红线外的接入工程费用由燃气企业承担；红线内工程费用按合同结算（依据国办函〔2020〕129号）',
    result: '通气并签订非居民供用气合同',
    delivery: '现场通气',
    path: '/service/install',
    visits: 0,
    appointment: true,
    faq: [
      ['餐饮店用气有什么特别要求？', '必须安装燃气泄漏报警器和紧急自动切断阀，使用金属软管连接燃具，不得使用液化石油气和管道燃气“双气源”。'],
      ['工程需要自己找施工单位吗？', '红线内工程可以自主选择具备资质的施工单位，燃气企业负责技术审核和通气验收。'],
    ],
    flow: serviceFlow({
      apply: '报装申请表、营业执照、场所证明、用气设备清单',
      window: '客户服务中心受理员',
      accept: 1,
      works: [
        { name: '现场勘查和方案答复', role: '工程服务部客户经理', days: 2, result: '供气方案' },
        { name: '工程施工', role: '工程施工单位', days: 5, result: '施工记录' },
        { name: '验收、安装报警装置并通气', role: '工程服务部、安全服务部', days: 2, result: '通气验收单' },
      ],
      endName: '通气办结',
    }),
  },
];

const HOSPITAL: PublicGuide[] = [
  {
    name: '门诊预约挂号',
    division: '门诊部',
    audiences: ['person'],
    instant: true,
    basis: [['医疗机构管理条例', null]],
    conditions: '患者本人实名预约，可预约 7 日内号源；复诊患者可由医生在诊间直接预约下次就诊。',
    mats: [
      ['居民身份证、社会保障卡或医保电子凭证', 'o', 1, true, '实名就诊'],
      ['既往病历、检查报告', 'o', 1, false, '复诊患者携带'],
    ],
    promised: 0,
    fees: '诊查费按示范市医疗服务价格执行：普通门诊 10 元，副主任医师 20 元，主任医师 30 元，知名专家 50 元，可按规定医保报销',
    hours: '网上预约 7:00–22:00；现场挂号 7:30–17:00',
    result: '挂号凭证（预约成功短信）',
    delivery: '短信和公众号推送就诊时间段',
    path: '/service/appointment',
    visits: 1,
    appointment: true,
    faq: [
      ['预约后不能按时就诊怎么办？', '就诊前一天 17:00 前可以在线取消，不收取费用；爽约 3 次的 90 天内暂停网上预约。'],
      ['老年人不会用手机怎么办？', '门诊大厅设有老年人“绿色通道”和人工窗口，65 周岁以上老年人可以现场挂号、优先就诊。'],
    ],
    flow: serviceFlow({
      apply: '身份证件或医保电子凭证',
      applyName: '选择科室和医生号源',
      window: '预约挂号系统',
      accept: null,
      works: [
        { name: '实名核验并支付诊查费', role: '预约挂号系统', days: 0, note: '即时', result: '预约成功短信' },
        { name: '到院签到候诊', role: '门诊分诊护士', days: 0, note: '按预约时段提前15分钟签到' },
        { name: '医生接诊', role: '门诊医生', days: 0, note: '当场', result: '门诊病历、处方或检查单' },
      ],
      endName: '就诊完成',
    }),
  },
  {
    name: '住院办理（入院登记和出院结算）',
    division: '住院服务中心',
    audiences: ['person'],
    instant: true,
    conditions: '经门诊或急诊医生诊查，开具住院证；参加基本医疗保险的患者入院时登记医保信息，出院时直接结算。',
    mats: [
      ['住院证', 'o', 1, true, '由门诊或急诊医生开具'],
      ['患者居民身份证', 'o', 1, true],
      ['社会保障卡或医保电子凭证', 'o', 1, true, '参保患者提交'],
      ['异地就医备案信息', 'e', 1, false, '外地参保患者办理直接结算时需备案'],
    ],
    promised: 0,
    fees: '入院时按病种预交住院押金；出院时按实际发生费用结算，医保统筹支付部分由医院与医保经办机构直接结算',
    hours: '住院服务中心 7:30–21:00；急诊入院 24 小时',
    result: '住院登记、出院结算单和费用清单',
    delivery: '窗口办理或床旁结算',
    path: '/service/inpatient',
    visits: 2,
    faq: [
      ['可以在病房办理出院结算吗？', '可以。病区提供床旁结算和手机结算服务，结算后电子发票推送到公众号。'],
      ['异地医保可以直接结算吗？', '已办理异地就医备案的参保患者可以在本院直接结算，未备案的可以在入院后补办备案。'],
    ],
  },
  {
    name: '病案复印',
    division: '病案管理科',
    audiences: ['person', 'legal', 'other'],
    basis: [['医疗机构病历管理规定', '第十七条、第十八条、第十九条']],
    conditions: '1. 患者本人或者其委托代理人；2. 死亡患者法定继承人或者其代理人；3. 公安、司法、人力资源社会保障、保险以及负责医疗事故技术鉴定的部门因办理案件、依法实施专业技术鉴定、医疗保险审核或仲裁、商业保险审核等需要。出院病历归档后（一般出院后 7 个工作日）可以复印。',
    prohibitions: '病历中的主观性记录（如上级医师查房记录、疑难病例讨论记录）不在复印范围，依法封存的除外。',
    mats: [
      ['复印病案申请表', 'o', 1, true],
      ['患者有效身份证件', 'b', 1, true],
      ['代理人身份证件和患者签署的授权委托书', 'b', 1, false, '委托代理人申请的提交'],
      ['死亡患者近亲属关系证明', 'b', 1, false, '法定继承人申请的提交'],
      ['有关部门出具的调取病历的法定证明材料', 'o', 1, false, '公安、司法等机关调取的提交'],
    ],
    promised: 3,
    fees: '复印费按示范市医疗服务价格执行（A4 纸 0.5 元/页），邮寄费用自理',
    place: '示范市第一人民医院门诊楼二楼病案复印窗口（示范市人民路 120 号）',
    hours: '工作日 8:00–12:00、14:30–17:30',
    result: '加盖病案复印专用章的病历复印件',
    delivery: '窗口领取或快递寄送',
    path: '/service/records',
    visits: 1,
    post: true,
    faq: [
      ['可以网上申请吗？', '可以通过“示范市一医院”公众号上传身份证件并人脸识别，在线申请后快递寄送。'],
      ['复印件有法律效力吗？', '加盖医院病案复印专用章的复印件与原件具有同等证明效力，可用于医保报销、商业保险理赔等。'],
    ],
    flow: serviceFlow({
      apply: '复印申请表、身份证件、委托书或关系证明',
      window: '病案复印窗口',
      accept: 0,
      acceptNote: '当场核验身份',
      works: [
        { name: '调取病案并核对复印范围', role: '病案管理科', days: 1, result: '复印清单' },
        { name: '复印并加盖专用章', role: '病案管理科', days: 1, result: '病历复印件' },
        { name: '窗口领取或寄送', role: '病案复印窗口', days: 1, result: '领取签收单或快递单号' },
      ],
    }),
  },
  {
    name: '出生医学证明首次签发',
    division: '产科、出生医学证明签发室',
    audiences: ['person'],
    basis: [
      ['中华人民共和国母婴保健法', '第二十三条'],
      ['中华人民共和国母婴保健法实施办法', null],
    ],
    conditions: '在示范市第一人民医院出生的新生儿；父母已确定新生儿姓名。出生医学证明是新生儿申报户口的依据，一经签发不得随意更改。',
    mats: [
      ['出生医学证明自填单', 'o', 1, true, '父母填写并签字'],
      ['新生儿父母居民身份证', 'b', 1, true],
      ['委托书及受托人身份证', 'o', 1, false, '父母不能到场委托他人代领的提交'],
    ],
    promised: 0,
    limitNote: '产妇出院前当场签发，已出院的可预约补办',
    fees: '不收费',
    place: '示范市第一人民医院住院部 5 楼出生医学证明签发室（示范市人民路 120 号）',
    hours: '工作日 8:00–12:00、14:30–17:30',
    result: '出生医学证明',
    delivery: '当场领取；同步推送“出生一件事”联办（户口登记、医保参保、社保卡申领）',
    path: '/service/birth',
    visits: 1,
    faq: [
      ['可以办理“出生一件事”吗？', '可以。签发后在“示范通”APP 勾选户口登记、城乡居民医保参保、社会保障卡申领等事项，一次提交，不用再跑派出所和医保窗口。'],
      ['信息填错了怎么办？', '签发前请仔细核对；签发后需要变更的，凭相关证明到签发室申请，按规定程序办理。'],
    ],
    flow: serviceFlow({
      apply: '自填单、父母身份证',
      window: '出生医学证明签发员',
      accept: 0,
      acceptNote: '当场',
      works: [
        { name: '核对分娩记录和父母身份', role: '出生医学证明签发员', days: 0, note: '当场', result: '核对记录' },
        { name: '打印签发并登记', role: '出生医学证明签发员', days: 0, note: '当场', result: '出生医学证明' },
      ],
      endName: '签发完成',
    }),
  },
  {
    name: '医疗费用查询和费用清单打印',
    division: '财务科（门诊收费处、住院结算处）',
    audiences: ['person'],
    instant: true,
    basis: [['医疗机构内部价格行为管理规定', null]],
    conditions: '在本院就诊的患者或其委托代理人，可以查询门诊和住院每日费用明细、药品和耗材价格、医保报销情况；住院患者每日可获取费用清单。',
    mats: [
      ['就诊卡、身份证件或医保电子凭证', 'o', 1, true],
      ['授权委托书', 'o', 1, false, '代理人查询的提交'],
    ],
    promised: 0,
    fees: '不收费',
    place: '门诊大厅自助机、住院部一楼结算处、“示范市一医院”公众号',
    result: '费用清单',
    delivery: '自助打印或电子推送',
    path: '/service/fees',
    visits: 0,
    faq: [
      ['对收费有疑问怎么办？', '可以到门诊收费处或住院结算处申请复核，也可以拨打医院价格咨询电话 0999-8120128；医院收费项目和价格在门诊大厅电子屏公示。'],
      ['电子发票在哪里查看？', '缴费后电子票据推送至公众号，也可以在示范市财政电子票据查验平台查询。'],
    ],
  },
];

const BUS: PublicGuide[] = [
  {
    name: '“示范通”公交卡（普通卡）办理和充值',
    division: '公交卡服务中心',
    audiences: ['person'],
    instant: true,
    conditions: '乘客自愿购买；记名卡实名登记后可以挂失补办。',
    mats: [['居民身份证', 'o', 1, false, '办理记名卡的提交']],
    promised: 0,
    fees: '卡片工本费 20 元（不退）；乘车票价按示范市发展和改革委员会核定的公交票价执行，刷卡乘车享受九折优惠',
    place: '公交卡服务中心（示范市公交路 3 号）及各主要公交首末站服务网点',
    result: '示范通公交卡',
    delivery: '当场领取',
    path: '/service/card',
    visits: 1,
    faq: [
      ['可以用手机乘车吗？', '可以。使用“示范公交”APP 乘车码或支持交通联合的手机 NFC 卡均可乘车，优惠与实体卡相同。'],
      ['卡片损坏怎么办？', '非人为损坏的 1 年内免费更换，余额转入新卡。'],
    ],
  },
  {
    name: '老年人优待卡办理',
    division: '公交卡服务中心',
    audiences: ['person'],
    basis: [
      ['中华人民共和国老年人权益保障法', null],
      ['示范市老年人优待办法', null],
    ],
    conditions: '具有示范市户籍或者持有示范市居住证：年满 65 周岁的老年人免费乘坐市区公交线路；年满 60 周岁不满 65 周岁的老年人享受半价优惠。',
    mats: [
      ['居民身份证', 'o', 1, true],
      ['示范市居住证', 'o', 1, false, '非示范市户籍老年人提交'],
      ['近期一寸免冠照片', 'o', 1, false, '服务网点可免费现场拍照'],
      ['代办人身份证', 'o', 1, false, '委托亲属代办的提交'],
    ],
    promised: 5,
    limitNote: '现场受理后 5 个工作日内制卡，选择邮寄的包邮到家',
    fees: '首次办理免费；遗失补办收取工本费 20 元',
    result: '老年人优待卡',
    delivery: '服务网点领取或免费邮寄',
    path: '/service/senior',
    visits: 1,
    post: true,
    faq: [
      ['外地老年人可以免费乘车吗？', '持有示范市居住证的外地老年人可以办理优待卡；未办卡的外地老年人凭身份证可以在人工售票线路享受优惠。'],
      ['每年需要年审吗？', '不需要现场年审，系统每年与民政部门数据比对一次。'],
    ],
    flow: serviceFlow({
      apply: '身份证、居住证（非本市户籍）、照片',
      window: '公交卡服务网点',
      accept: 0,
      acceptNote: '当场',
      works: [
        { name: '信息审核', role: '公交卡服务中心', days: 1, result: '审核记录' },
        { name: '制卡', role: '公交卡服务中心制卡室', days: 3, result: '老年人优待卡' },
        { name: '领取或邮寄', role: '公交卡服务网点', days: 1, result: '签收记录' },
      ],
    }),
  },
  {
    name: '学生优惠卡办理',
    division: '公交卡服务中心',
    audiences: ['person'],
    conditions: '在示范市中小学校（含中等职业学校）就读的全日制在校学生，由学校统一组织申请或个人凭学籍证明申请，乘车享受五折优惠。',
    mats: [
      ['学生优惠卡申请表', 'o', 1, true, '学校盖章'],
      ['学生证或学籍证明', 'o', 1, true],
      ['学生户口簿或身份证', 'c', 1, true],
    ],
    promised: 5,
    fees: '卡片工本费 20 元',
    result: '学生优惠卡',
    delivery: '学校统一领取或服务网点领取',
    path: '/service/student',
    visits: 1,
    faq: [
      ['寒暑假可以使用吗？', '可以，学生卡全年有效，毕业当年 8 月 31 日后自动转为普通卡。'],
      ['学生卡可以借给他人使用吗？', '不可以。学生卡仅限本人使用，驾驶员可以查验学生证，冒用的按普通票价补票并暂停该卡优惠。'],
    ],
  },
  {
    name: '公交车失物招领',
    division: '客户服务中心',
    audiences: ['person'],
    conditions: '乘客在示范市公共交通集团有限公司运营车辆上遗失物品，可以拨打服务热线或到客户服务中心登记查询；驾驶员拾到的物品在当班结束后交至所属车队，3 日后集中移交客户服务中心保管 3 个月。',
    mats: [
      ['失主身份证件', 'o', 1, true, '认领时出示'],
      ['遗失物品描述（乘车线路、时间、车牌号、物品特征）', 'e', 1, true],
    ],
    promised: 3,
    limitNote: '登记后 3 个工作日内反馈查找结果',
    fees: '不收费',
    hours: '周一至周日 8:00–18:00；热线登记 6:00–22:00',
    result: '领回遗失物品',
    delivery: '到所属车队或客户服务中心领取',
    path: '/service/lost',
    visits: 1,
    faq: [
      ['手机掉在车上怎么尽快找回？', '记下乘车线路、时间和车牌号，立即拨打 0999-96300，调度中心可以联系当班驾驶员查找。'],
      ['无人认领的物品怎么处理？', '保管期满无人认领的，按照《中华人民共和国民法典》第三百一十八条的规定送交公安机关处理。'],
    ],
    flow: {
      steps: [
        start('report', '乘客报失登记', 'search', { materials: '乘车线路、时间、车牌号、物品特征' }),
        task('search', '调度中心联系车队查找', '公交调度中心', 1, 'found', { note: '当班驾驶员即时核查', result: '查找记录' }),
        decision('found', '是否找到', '客户服务中心', 2, [['claim', '已找到'], ['keep', '暂未找到']]),
        task('claim', '通知失主核对身份认领', '所属车队或客户服务中心', 0, 'end', { note: '当场', result: '认领签收单' }),
        task('keep', '登记留存并持续比对', '客户服务中心', 0, 'end', { note: '比对后续上交物品', result: '失物登记单' }),
        end('end', '办结'),
      ],
    },
  },
];

const GUIDES: Record<string, PublicGuide[]> = { 'sz-water': WATER, 'sz-gas': GAS, 'sz-hospital': HOSPITAL, 'sz-bus': BUS };

/** The public institutions' guides; [] for an institution the demo has no guides for. */
export function publicServices(org: { slug: string; name: string }): { content: ServiceContentInput; flowchart: Flowchart | null }[] {
  const unit = UNITS[org.slug];
  const guides = GUIDES[org.slug];
  return unit && guides ? build(org, unit, guides) : [];
}
