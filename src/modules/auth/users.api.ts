import type { FastifyPluginAsync } from 'fastify';
import { pageNumber } from '#platform/validation.js';
import type { UsersService } from './users.service.js';
import { requireStaff } from './auth.http.js';

function presentStaff(u: { id: string; username: string; displayName: string; isActive: boolean; homeOrgId: string | null; orgName?: string; totpEnabledAt: Date | null; lockedUntil: Date | null }) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    isActive: u.isActive,
    homeOrgId: u.homeOrgId,
    ...(u.orgName !== undefined ? { homeOrgName: u.orgName } : {}),
    twoFactor: u.totpEnabledAt !== null,
    locked: u.lockedUntil !== null && u.lockedUntil > new Date(),
  };
}

/** REST for staff accounts, scoped to the caller's agencies like the workspace pages. */
export function usersApiRoutes({ users }: { users: UsersService }): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { orgId?: string; q?: string; page?: string } }>('/staff', async (req) => {
      const actor = requireStaff(req);
      const page = pageNumber(req.query.page);
      const { rows, total } = await users.listStaff(actor, { orgId: req.query.orgId, q: req.query.q, page, pageSize: 50 });
      return { total, page, items: rows.map(presentStaff) };
    });

    app.get<{ Params: { id: string } }>('/staff/:id', async (req) => {
      const actor = requireStaff(req);
      const { user, grants } = await users.getStaff(actor, req.params.id);
      return { ...presentStaff(user), roles: grants.map((g) => ({ id: g.id, orgId: g.orgId, orgName: g.orgName, role: g.role })) };
    });

    app.post('/staff', async (req, reply) => {
      const actor = requireStaff(req);
      const { user, password } = await users.createStaff(actor, req.body ?? {});
      return reply.code(201).send({ ...presentStaff(user), initialPassword: password });
    });

    app.post<{ Params: { id: string } }>('/staff/:id/roles', async (req, reply) => {
      const actor = requireStaff(req);
      await users.grantRole(actor, req.params.id, req.body ?? {});
      return reply.code(204).send();
    });
  };
}
