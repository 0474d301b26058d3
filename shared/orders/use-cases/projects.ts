import { AppError } from '../../platform/errors';
import type { Project, PutProjectRequest } from '../contract/orders';
import type { OrdersDeps } from '../port';

/** 中心制单: the office keeps the catalogue; the team and the places it serves must be in the tree. */
export async function putProject(
  deps: OrdersDeps,
  projectId: string,
  request: PutProjectRequest,
): Promise<Project> {
  const tree = await deps.orgTree();
  const unknown = [request.teamOrgId, ...request.servesOrgIds].filter(
    (orgId) => tree.get(orgId) === undefined,
  );
  if (unknown.length > 0)
    throw new AppError('VALIDATION_FAILED', '没有这个组织 (no such organisation)', {
      fields: unknown
        .slice(0, 20)
        .map((orgId) => ({ path: 'body', message: `no such organisation: ${orgId}` })),
    });
  return deps.projects.put(
    projectId,
    { ...request, servesOrgIds: [...new Set(request.servesOrgIds)] },
    deps.now().toISOString(),
  );
}

/** The catalogue: the active projects for anyone (no sign-in), archived ones when asked. */
export async function listProjects(
  deps: OrdersDeps,
  status: 'active' | 'archived' | 'all',
): Promise<{ projects: Project[] }> {
  const projects = await deps.projects.list();
  return {
    projects: projects
      .filter((project) => status === 'all' || project.status === status)
      .sort((a, b) => a.category.localeCompare(b.category) || a.title.localeCompare(b.title, 'zh-CN')),
  };
}

export async function getProject(deps: OrdersDeps, projectId: string): Promise<Project> {
  const project = await deps.projects.get(projectId);
  if (project === undefined) throw new AppError('NOT_FOUND', 'No such project');
  return project;
}
