/** The public portal's own pages (home); other modules add their public pages themselves. */
export { homeRoutes } from './home.portal.js';
