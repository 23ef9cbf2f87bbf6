/** The 政府信息 catalogue. So far: 索引号 templates and allocation; 主题分类 and 体裁 kept by the coordinator. */
export { DEFAULT_INDEX_TEMPLATE, counterPeriod, renderIndexNumber, templateProblem } from './index-number.js';
export { allocateIndexNumber } from './index-numbers.js';
export { createTaxonomyService, type TaxonomyService, type Term } from './taxonomy.service.js';
export { taxonomyStaffRoutes } from './taxonomy.staff.js';
export { createCatalogueSettingsService, type CatalogueSettingsService } from './settings.service.js';
export { catalogueSettingsStaffRoutes } from './settings.staff.js';
export { createGuideService, type GuideService } from './guide.service.js';
export { defaultGuideSections, guideCompleteness, GUIDE_SECTIONS, type GuideSections } from './guide.js';
export { guidePortalRoutes } from './guide.portal.js';
export { guideStaffRoutes } from './guide.staff.js';
export { createCatalogueService, type CatalogueService } from './items.service.js';
export { createImporter, type Importer, type ImportReport } from './import.js';
export { itemsStaffRoutes } from './items.staff.js';
export { publicCatalogueRoutes, type PublicCatalogueDeps, type AttachmentSource } from './public.portal.js';
export { publicCatalogueApiRoutes } from './public.api.js';
export { catalogueFeedRoutes } from './feeds.js';
export { catalogueExportRoutes } from './exports.js';
export { publicItems } from './public.repository.js';
