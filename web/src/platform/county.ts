import type { OrgView } from '../../../shared/people/contract/orgs';
import { call } from './api';
import { loadConfig } from './config';
import { h } from './dom';
import { t } from './i18n';
import type { Session } from './session';

/**
 * The deployment's county as people name it (皋兰县), for what is printed: the deployment's
 * /config.json says it (`county`); otherwise the organisation tree's root, for those who may read
 * the tree. Undefined when neither says (a line without a county is printed then).
 */
export async function countyName(session: Session | undefined): Promise<string | undefined> {
  const config = await loadConfig();
  if (config.county !== undefined) return config.county;
  const groups = session?.claims.groups ?? [];
  if (!groups.includes('admin') && !groups.includes('coordinator')) return undefined;
  try {
    const { orgs } = await call<{ orgs: OrgView[] }>('GET', '/orgs', { retry: false });
    return orgs.find((org) => org.level === 'county' && org.parentId === undefined)?.name;
  } catch {
    return undefined;
  }
}

/** The line a printed sheet ends with: the county's volunteer service and the product's name. */
export const footLine = (county: string | undefined): string =>
  county === undefined ? t('passbook.footPlain') : t('passbook.foot', { county });

/** The printed sheet's last line, naming the county once it is known. */
export function countyFoot(session: Session | undefined): HTMLElement {
  const foot = h('p', { class: 'sheet-foot', id: 'sheet-foot' }, footLine(undefined));
  void countyName(session).then((county) => {
    foot.textContent = footLine(county);
    foot.dataset.county = county ?? '';
  });
  return foot;
}
