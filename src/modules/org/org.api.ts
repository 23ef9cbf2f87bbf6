import type { FastifyPluginAsync } from 'fastify';
import { requireStaff } from '#modules/auth/index.js';
import type { OrgService } from './org.service.js';
import { presentOrg } from './org.presenter.js';

/** REST: the public directory (read) and profile updates by staff (session + X-CSRF-Token). */
export function orgApiRoutes({ orgs }: { orgs: OrgService }): FastifyPluginAsync {
  return async (app) => {
    app.get('/agencies', async () => {
      const all = await orgs.listActive();
      return { total: all.length, items: all.map(presentOrg) };
    });

    app.get<{ Params: { slug: string } }>('/agencies/:slug', async (req) => {
      const { org } = await orgs.publicBySlug(req.params.slug);
      return presentOrg(org);
    });

    app.patch<{ Params: { id: string } }>('/agencies/:id/profile', async (req) => {
      const actor = requireStaff(req);
      const org = await orgs.getForStaff(actor, req.params.id);
      const body = (req.body ?? {}) as Record<string, unknown>;
      // PATCH semantics: unspecified fields keep their values.
      const merged = {
        name: org.name, shortName: org.shortName, nameEn: org.nameEn, creditCode: org.creditCode, sector: org.sector,
        officeName: org.officeName, address: org.address, postcode: org.postcode, officeHours: org.officeHours,
        phone: org.phone, fax: org.fax, email: org.email, website: org.website,
        ...body,
      };
      return presentOrg(await orgs.updateProfile(actor, org.id, merged));
    });
  };
}
