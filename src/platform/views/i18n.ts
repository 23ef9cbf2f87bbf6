/** Interface languages: zh-CN first, English second. Domain terms stay Chinese in both where usual. */
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

const zh = {
  'site.title': '政务公开',
  'site.tagline': '政府信息公开 · 依申请公开 · 权力运行 · 办事服务',
  'skip': '跳到主要内容',
  'nav.home': '首页',
  'nav.agencies': '机构目录',
  'nav.catalogue': '政府信息公开目录',
  'nav.main': '主导航',
  'nav.staff': '工作人员登录',
  'nav.lang': 'English',
  'nav.large': '大字版',
  'nav.standard': '标准版',
  'nav.account': '我的账户',
  'nav.login': '登录',
  'nav.logout': '退出',
  'nav.register': '注册',
  'footer.about': '本网站由 Gongkai 开源政务公开平台提供支持。',
  'footer.a11y': '无障碍说明：本站页面不依赖脚本即可使用，支持屏幕阅读器、键盘操作和大字版。',
  'staff.title': '政务公开工作台',
  'staff.home': '工作台',
  'staff.agencies': '机构管理',
  'staff.staff': '人员与角色',
  'staff.audit': '留痕记录',
  'staff.calendar': '工作日历',
  'staff.items': '政府信息',
  'staff.taxonomies': '分类管理',
  'staff.account': '账户安全',
  'staff.apiTokens': 'API 令牌',
  'staff.requests': '依申请公开',
  'staff.powers': '权责清单',
  'staff.services': '办事指南',
  'pager.prev': '上一页',
  'pager.next': '下一页',
  'pager.page': '第 {page} / {pages} 页，共 {total} 条',
  'empty': '暂无内容。',
  'save': '保存',
  'cancel': '取消',
  'search': '查询',
  'error.title': '出错了',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'site.title': 'Open Government',
  'site.tagline': 'Government information · Requests · Powers · Services',
  'skip': 'Skip to main content',
  'nav.home': 'Home',
  'nav.agencies': 'Agencies',
  'nav.catalogue': 'Information catalogue',
  'nav.main': 'Main navigation',
  'nav.staff': 'Staff sign-in',
  'nav.lang': '中文',
  'nav.large': 'Large text',
  'nav.standard': 'Standard text',
  'nav.account': 'My account',
  'nav.login': 'Sign in',
  'nav.logout': 'Sign out',
  'nav.register': 'Register',
  'footer.about': 'This site runs on Gongkai, the open-source platform for open government.',
  'footer.a11y': 'Accessibility: every page works without scripts, with screen readers, the keyboard and in large-text mode.',
  'staff.title': 'Disclosure workspace',
  'staff.home': 'Dashboard',
  'staff.agencies': 'Agencies',
  'staff.staff': 'Staff and roles',
  'staff.audit': 'Audit trail',
  'staff.calendar': 'Calendar',
  'staff.items': 'Information',
  'staff.taxonomies': 'Taxonomies',
  'staff.account': 'Account security',
  'staff.apiTokens': 'API tokens',
  'staff.requests': 'Requests',
  'staff.powers': 'Powers',
  'staff.services': 'Service guides',
  'pager.prev': 'Previous',
  'pager.next': 'Next',
  'pager.page': 'Page {page} of {pages}, {total} in all',
  'empty': 'Nothing here yet.',
  'save': 'Save',
  'cancel': 'Cancel',
  'search': 'Search',
  'error.title': 'Something went wrong',
};

const catalogs: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };

/** A translator bound to one language. */
export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Returns the translator for a language. */
export function translator(lang: Lang): T {
  const cat = catalogs[lang];
  return (key, vars) => {
    let s = cat[key];
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
    return s;
  };
}

/** Picks zh or en text inline, for page-specific copy. */
export function pick(lang: Lang, zhText: string, enText: string): string {
  return lang === 'en' ? enText : zhText;
}
