/** @jsxImportSource preact */
import type { OrganisationRow } from '#platform/db/schema.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import type { OrgNode } from './org.service.js';
import { ORG_KIND_LABELS, SECTOR_LABELS, type OrgKind } from './org.schema.js';

/** The kind of an agency in the interface language. */
export function kindLabel(v: ViewCtx, kind: string, sector?: string | null): string {
  const k = ORG_KIND_LABELS[kind as OrgKind];
  const base = k ? tr(v, k.zh, k.en) : kind;
  const s = sector ? SECTOR_LABELS[sector as keyof typeof SECTOR_LABELS] : undefined;
  return s ? `${base} · ${tr(v, s.zh, s.en)}` : base;
}

/** The agency's display name in the interface language. */
export function orgName(v: ViewCtx, o: Pick<OrganisationRow, 'name' | 'nameEn'>): string {
  return v.lang === 'en' && o.nameEn ? o.nameEn : o.name;
}

/** A nested list of agencies, each linking to `href(org)`. */
export function OrgTreeList(props: { v: ViewCtx; nodes: OrgNode[]; href: (o: OrganisationRow) => string; showInactive?: boolean }) {
  if (props.nodes.length === 0) return null;
  return (
    <ul class="tree">
      {props.nodes.map((n) => (
        <li key={n.org.id}>
          <a href={props.href(n.org)}>{orgName(props.v, n.org)}</a> <span class="tag">{kindLabel(props.v, n.org.kind, n.org.sector)}</span>
          {!n.org.isActive ? <span class="tag tag-warn">{tr(props.v, '已停用', 'inactive')}</span> : null}
          <OrgTreeList v={props.v} nodes={n.children} href={props.href} />
        </li>
      ))}
    </ul>
  );
}

/** The 政府信息公开工作机构 contact block of an agency (指南 §4). */
export function ProfileTable({ v, org }: { v: ViewCtx; org: OrganisationRow }) {
  const rows: [string, string | null][] = [
    [tr(v, '机构名称', 'Name'), org.name],
    [tr(v, '英文名称', 'English name'), org.nameEn],
    [tr(v, '机构类型', 'Kind'), kindLabel(v, org.kind, org.sector)],
    [tr(v, '统一社会信用代码', 'Unified social credit code'), org.creditCode],
    [tr(v, '政府信息公开工作机构', 'Disclosure office'), org.officeName],
    [tr(v, '办公地址', 'Address'), org.address],
    [tr(v, '邮政编码', 'Postcode'), org.postcode],
    [tr(v, '办公时间', 'Office hours'), org.officeHours],
    [tr(v, '联系电话', 'Phone'), org.phone],
    [tr(v, '传真', 'Fax'), org.fax],
    [tr(v, '电子邮箱', 'E-mail'), org.email],
    [tr(v, '网站', 'Website'), org.website],
  ];
  return (
    <table class="kv">
      <caption>{tr(v, '机构信息与政府信息公开工作机构', 'Agency profile and disclosure office')}</caption>
      <tbody>
        {rows.map(([k, val]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{val ?? <span class="muted">{tr(v, '未填写', 'not given')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
