import type { OrganisationRow } from '#platform/db/schema.js';

/** An agency as the public API shows it (a whitelist: nothing internal). */
export function presentOrg(o: OrganisationRow) {
  return {
    id: o.id,
    parentId: o.parentId,
    slug: o.slug,
    kind: o.kind,
    sector: o.sector,
    name: o.name,
    shortName: o.shortName,
    nameEn: o.nameEn,
    creditCode: o.creditCode,
    disclosureOffice: {
      name: o.officeName,
      address: o.address,
      postcode: o.postcode,
      officeHours: o.officeHours,
      phone: o.phone,
      fax: o.fax,
      email: o.email,
      website: o.website,
    },
    isActive: o.isActive,
    updatedAt: o.updatedAt.toISOString(),
  };
}
