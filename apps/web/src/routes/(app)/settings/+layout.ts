import { createApi, failLoad } from '$lib/api';
import { settingsAccess } from '$lib/features/settings/access';
import type { LayoutLoad } from './$types';

/**
 * Settings: the scoring configuration in force is read once here for its tabs, by roles that may
 * see it. Someone whose role has no settings permission gets no request at all, just the "no
 * access" message of the layout.
 */
export const load: LayoutLoad = async ({ fetch, url, parent }) => {
  const { user } = await parent();
  const access = settingsAccess(user.role);
  if (!access.scoring) return { access, current: null };
  try {
    return { access, current: await createApi(fetch).engineConfig() };
  } catch (err) {
    failLoad(err, url);
  }
};
