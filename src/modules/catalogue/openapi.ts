/**
 * The OpenAPI 3.1 description of the whole REST API (`GET /api/openapi.json`): the public
 * directory and catalogue, search, the staff account endpoints, and the staff catalogue writes.
 */
import { ROLES } from '#platform/actor.js';

type Schema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = (description?: string, extra: Schema = {}): Schema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const nullable = (s: Schema): Schema => ({ ...s, type: [s.type as string, 'null'] });
const date = (description: string) => str(description, { format: 'date' });
const id = str('Numeric id (a decimal string: ids are 64-bit).', { pattern: '^[1-9][0-9]{0,17}$' });
const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

/** The problem responses every operation may give. */
const errors = {
  '400': problem('Invalid input: `errors` names each field with a Chinese message.'),
  '404': problem('Not found, or not visible to the caller (the two are never distinguished).'),
  '429': problem('Too many requests.'),
  '500': problem('Internal error; quote the x-request-id header.'),
};
const authErrors = { ...errors, '401': problem('Not signed in / no valid token.'), '403': problem('Not allowed for this agency.'), '409': problem('The item is not in a state that allows this.') };

const listingParams = [
  { name: 'agency', in: 'query', description: 'Slug of the lead issuing agency (发布机构).', schema: str(undefined, { pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }) },
  { name: 'sub', in: 'query', description: 'With `agency`: `1` includes its subordinate agencies.', schema: str(undefined, { enum: ['1'] }) },
  { name: 'topic', in: 'query', description: '主题分类 code; a top-level code includes its second-level classes.', schema: str(undefined, { pattern: '^[A-Za-z0-9]{1,12}$' }) },
  { name: 'genre', in: 'query', description: '体裁 code.', schema: str(undefined, { pattern: '^[A-Za-z0-9]{1,12}$' }) },
  { name: 'year', in: 'query', description: 'Year of 成文日期.', schema: { type: 'integer', minimum: 1949, maximum: 2200 } },
  { name: 'validity', in: 'query', schema: ref('Validity') },
  { name: 'sort', in: 'query', description: '`published` (newest first, default), `generated` (成文日期, newest first) or `title`.', schema: str(undefined, { enum: ['published', 'generated', 'title'], default: 'published' }) },
];

const facet = { type: 'array', items: { type: 'object', required: ['value', 'label', 'count'], properties: { value: str('The filter value to pass back (slug, code, year…).'), label: str(), count: { type: 'integer' } } } };

const schemas: Record<string, Schema> = {
  SearchResult: {
    type: 'object',
    required: ['id', 'kind', 'title', 'docNumber', 'indexNumber', 'agency', 'url', 'snippet'],
    properties: {
      id: id,
      kind: str('`item` (政府信息), `guide` (政府信息公开指南), `power` (权责清单事项) or `service` (办事指南).', { enum: ['item', 'guide', 'power', 'service'] }),
      title: str(),
      docNumber: nullable(str('文号.')),
      indexNumber: nullable(str('索引号.')),
      agency: str('Name of the issuing agency.'),
      date: nullable(date('成文日期.')),
      validity: nullable(str('有效性 (现行有效 / 已失效 / 已废止).')),
      url: str('Public page.', { format: 'uri' }),
      snippet: str('A passage around the first match (plain text).'),
    },
  },
  SearchResponse: {
    type: 'object',
    required: ['query', 'total', 'page', 'limit', 'results', 'facets'],
    properties: {
      query: str(),
      total: { type: 'integer', description: 'Number of matching public documents (an estimate when `totalIsEstimate`).' },
      totalIsEstimate: { type: 'boolean', description: 'Very many matches: `total` and the facet counts are estimated from a sample (within a few per cent); the results themselves are exact.' },
      page: { type: 'integer' },
      limit: { type: 'integer' },
      results: { type: 'array', items: ref('SearchResult') },
      facets: { type: 'object', properties: { agency: facet, topic: facet, genre: facet, year: facet, validity: facet, kind: facet } },
    },
  },
  Suggestions: { type: 'object', required: ['query', 'suggestions'], properties: { query: str(), suggestions: { type: 'array', items: str() } } },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details; `detail` and `errors` are in Chinese.',
    required: ['type', 'title', 'status', 'code', 'detail'],
    properties: {
      type: str('URI of the problem type.', { format: 'uri' }),
      title: str(),
      status: { type: 'integer' },
      code: str('Stable machine-readable code, e.g. ITEM_NOT_FOUND.'),
      detail: str(),
      errors: { type: 'object', additionalProperties: { type: 'string' }, description: 'Field name → message.' },
    },
  },
  Validity: str('有效性: 现行有效, 已失效, 已废止.', { enum: ['in_force', 'expired', 'repealed'] }),
  Agency: {
    type: 'object',
    required: ['id', 'slug', 'kind', 'name', 'isActive', 'updatedAt'],
    properties: {
      id,
      parentId: nullable(id),
      slug: str(),
      kind: str(),
      sector: nullable(str()),
      name: str(),
      shortName: nullable(str()),
      nameEn: nullable(str()),
      creditCode: nullable(str('统一社会信用代码')),
      disclosureOffice: {
        type: 'object',
        description: '政府信息公开工作机构 and its contacts.',
        properties: Object.fromEntries(['name', 'address', 'postcode', 'officeHours', 'phone', 'fax', 'email', 'website'].map((k) => [k, nullable(str())])),
      },
      isActive: { type: 'boolean' },
      updatedAt: str(undefined, { format: 'date-time' }),
    },
  },
  AgencyList: { type: 'object', required: ['total', 'items'], properties: { total: { type: 'integer' }, items: { type: 'array', items: ref('Agency') } } },
  AgencyProfileInput: {
    type: 'object',
    description: 'PATCH semantics: unspecified fields keep their values.',
    properties: Object.fromEntries(['name', 'shortName', 'nameEn', 'creditCode', 'sector', 'officeName', 'address', 'postcode', 'officeHours', 'phone', 'fax', 'email', 'website'].map((k) => [k, nullable(str())])),
  },
  Named: { type: 'object', required: ['slug', 'name'], properties: { slug: str(), name: str() } },
  Term: { type: 'object', required: ['code', 'name'], properties: { code: str(), name: str(), parentName: nullable(str('The top-level class of a second-level topic.')) } },
  ItemSummary: {
    type: 'object',
    description: 'A public (published, 主动公开) item as listed.',
    required: ['id', 'url', 'title', 'agency', 'generatedOn', 'validity'],
    properties: {
      id,
      url: str(undefined, { format: 'uri' }),
      indexNumber: nullable(str('索引号')),
      title: str('标题'),
      docNumber: nullable(str('文号')),
      agency: ref('Named'),
      topic: { oneOf: [ref('Term'), { type: 'null' }] },
      genre: { oneOf: [ref('Term'), { type: 'null' }] },
      generatedOn: nullable(date('成文日期')),
      publishedAt: nullable(str('发布日期', { format: 'date-time' })),
      updatedAt: nullable(str('更新日期', { format: 'date-time' })),
      validity: ref('Validity'),
      validityChangedOn: nullable(date('Date the validity last changed.')),
    },
  },
  ItemList: {
    type: 'object',
    required: ['total', 'page', 'pageSize', 'items'],
    properties: { total: { type: 'integer', description: 'Matching items (capped at 100000).' }, page: { type: 'integer' }, pageSize: { type: 'integer' }, items: { type: 'array', items: ref('ItemSummary') } },
  },
  Link: { type: 'object', required: ['id', 'title', 'url'], properties: { id, title: str(), url: str(undefined, { format: 'uri' }) } },
  Attachment: {
    type: 'object',
    required: ['id', 'fileName', 'mediaType', 'size', 'url'],
    properties: { id, fileName: str(), mediaType: str(), size: { type: 'integer', description: 'Bytes.' }, url: str('Download address.', { format: 'uri' }) },
  },
  Item: {
    type: 'object',
    description: 'A public item with the text of its current published version.',
    required: ['id', 'url', 'title', 'agency', 'coIssuers', 'keywords', 'generatedOn', 'validity', 'bodyHtml', 'bodyText', 'attachments', 'interpretations'],
    properties: {
      id,
      url: str(undefined, { format: 'uri' }),
      indexNumber: nullable(str('索引号')),
      title: str(),
      summary: nullable(str('内容概述')),
      docNumber: nullable(str('文号')),
      agency: ref('Named'),
      coIssuers: { type: 'array', items: ref('Named'), description: '联合发文机关' },
      topic: { oneOf: [ref('Term'), { type: 'null' }] },
      genre: { oneOf: [ref('Term'), { type: 'null' }] },
      keywords: { type: 'array', items: str() },
      generatedOn: date('成文日期'),
      effectiveOn: nullable(date('施行日期')),
      repealedOn: nullable(date('失效/废止日期')),
      publishedAt: nullable(str(undefined, { format: 'date-time' })),
      updatedAt: nullable(str(undefined, { format: 'date-time' })),
      validity: ref('Validity'),
      validityChangedOn: nullable(date('Date the validity last changed.')),
      bodyHtml: str('Sanitised HTML body.'),
      bodyText: str('Plain-text body.'),
      attachments: { type: 'array', items: ref('Attachment') },
      interpretations: { type: 'array', items: ref('Link'), description: '政策解读 of this item.' },
      interprets: { oneOf: [ref('Link'), { type: 'null' }], description: 'The item this 解读 interprets.' },
      redactions: {
        type: 'array',
        description: 'The redaction log released with the item: what kind of content was removed at release (保密审查), how often, and why.',
        items: { type: 'object', required: ['type', 'where', 'reason', 'count'], properties: { type: str('Finding type, e.g. id-number, mobile.'), where: { type: ['string', 'null'], description: 'The attachment’s original file name, or null for the body.' }, reason: str('The reviewer’s reason.'), count: { type: 'integer' } } },
      },
    },
  },
  StaffUser: {
    type: 'object',
    required: ['id', 'username', 'displayName', 'isActive', 'twoFactor', 'locked'],
    properties: {
      id,
      username: str(),
      displayName: str(),
      isActive: { type: 'boolean' },
      homeOrgId: nullable(id),
      homeOrgName: str(),
      twoFactor: { type: 'boolean' },
      locked: { type: 'boolean' },
      roles: { type: 'array', items: { type: 'object', properties: { id, orgId: id, orgName: str(), role: str(undefined, { enum: [...ROLES] }) } } },
      initialPassword: str('Only in the answer to POST /api/v1/staff: shown once.'),
    },
  },
  StaffList: { type: 'object', required: ['total', 'page', 'items'], properties: { total: { type: 'integer' }, page: { type: 'integer' }, items: { type: 'array', items: ref('StaffUser') } } },
  CreateStaffInput: {
    type: 'object',
    required: ['orgId', 'username', 'displayName'],
    properties: { orgId: id, username: str(undefined, { pattern: '^[a-z0-9._@-]{3,64}$' }), displayName: str(undefined, { minLength: 2, maxLength: 50 }), email: nullable(str(undefined, { format: 'email' })), phone: nullable(str()) },
  },
  GrantRoleInput: { type: 'object', required: ['orgId', 'role'], properties: { orgId: id, role: str(undefined, { enum: [...ROLES] }) } },
  ItemInput: {
    type: 'object',
    description: 'The item fields of docs/catalogue-import.md that a single item takes (a new item is always a draft). The import-only fields (`key`, `state`, `publishedOn`, `validity`, `repealedOn`, `indexNumber`) and unknown fields are refused with 400.',
    required: ['title', 'generatedOn'],
    properties: {
      agency: str('Slug or id of the lead issuing agency (发布机构), within the caller\'s reach; default: the token\'s agency. Only on create.'),
      coIssuers: { type: 'array', items: str('Agency slug.') },
      title: str('标题', { maxLength: 300 }),
      summary: str('内容概述', { maxLength: 500 }),
      docNumber: str('文号, e.g. 示政办发〔2024〕3号'),
      generatedOn: date('成文/生成日期'),
      effectiveOn: date('施行日期'),
      topic: str('主题分类 code (0201) or name path (综合政务\\政务公开)'),
      genre: str('体裁 code (G08) or name (通知)'),
      keywords: { type: 'array', items: str() },
      disclosure: str(undefined, { enum: ['proactive', 'on_request', 'withheld'], default: 'proactive' }),
      withheldGround: str('Legal ground, required with `withheld` (see WITHHELD_GROUNDS).'),
      scope: str(undefined, { enum: ['public', 'applicant'], default: 'public' }),
      art20: { type: 'integer', minimum: 1, maximum: 15 },
      interprets: str('Id or 索引号 of the item this 政策解读 interprets.'),
      bodyText: str('Plain text, one paragraph per line.'),
      bodyHtml: str('HTML (sanitised); give bodyText or bodyHtml, not both.'),
    },
  },
  StaffVersion: {
    type: 'object',
    description: 'One version of an item, in the terms of ItemInput (codes, slugs).',
    properties: {
      versionNo: { type: 'integer' },
      title: str(),
      summary: nullable(str()),
      docNumber: nullable(str()),
      generatedOn: date('成文日期'),
      effectiveOn: nullable(date('施行日期')),
      topic: nullable(str('主题分类 code')),
      genre: nullable(str('体裁 code')),
      keywords: { type: 'array', items: str() },
      disclosure: str(undefined, { enum: ['proactive', 'on_request', 'withheld'] }),
      withheldGround: nullable(str()),
      scope: str(undefined, { enum: ['public', 'applicant'] }),
      art20: nullable({ type: 'integer' }),
      coIssuers: { type: 'array', items: str('Agency slug.') },
      interprets: nullable(id),
      bodyHtml: str(),
      bodyText: str(),
      attachmentIds: { type: 'array', items: id },
      submittedAt: nullable(str(undefined, { format: 'date-time' })),
      reviewNote: nullable(str()),
      publishedAt: nullable(str(undefined, { format: 'date-time' })),
    },
  },
  StaffItem: {
    type: 'object',
    description: 'An item as its agency\'s staff see it: state, the working version (`work`, being edited or reviewed) and the published one (`current`).',
    required: ['id', 'agency', 'publicState', 'workState', 'title', 'validity', 'work', 'current'],
    properties: {
      id,
      agency: { type: 'object', properties: { id, slug: str(), name: str() } },
      indexNumber: nullable(str('索引号 (given at first publication)')),
      publicState: str(undefined, { enum: ['unpublished', 'published', 'withdrawn'] }),
      workState: nullable(str(undefined, { enum: ['draft', 'submitted', 'returned'] })),
      title: str(),
      validity: ref('Validity'),
      validityChangedOn: nullable(date('Date the validity last changed.')),
      firstPublishedAt: nullable(str(undefined, { format: 'date-time' })),
      withdrawnAt: nullable(str(undefined, { format: 'date-time' })),
      updatedAt: str(undefined, { format: 'date-time' }),
      timeliness: { description: 'Art. 26 deadline of a proactive item: `{ due, status }`, or null.' },
      work: { oneOf: [ref('StaffVersion'), { type: 'null' }] },
      current: { oneOf: [ref('StaffVersion'), { type: 'null' }] },
      attachments: { type: 'array', items: { type: 'object', properties: { id, fileName: str(), mediaType: str(), size: { type: 'integer' } } } },
      can: { type: 'object', description: 'What the caller may do now.', additionalProperties: { type: 'boolean' } },
      warnings: { type: 'array', items: str(), description: 'Only in answers to create and edit: notices in Chinese that did not stop the save (a duplicate 文号, removed unsafe HTML).' },
    },
  },
  WithdrawInput: { type: 'object', required: ['reason'], properties: { reason: str('Why the item is withdrawn (kept in the audit trail).', { minLength: 2, maxLength: 500 }) } },
  ImportReport: {
    type: 'object',
    required: ['format', 'mode', 'total', 'valid', 'imported', 'failed', 'lines'],
    properties: {
      format: str('How the body was read: a first character `{` means JSONL, anything else CSV.', { enum: ['jsonl', 'csv'] }),
      mode: str(undefined, { enum: ['all-or-nothing', 'valid-only'] }),
      total: { type: 'integer' },
      valid: { type: 'integer', description: 'Lines that passed validation.' },
      imported: { type: 'integer' },
      failed: { type: 'integer' },
      lines: {
        type: 'array',
        items: {
          type: 'object',
          required: ['line', 'ok', 'errors', 'warnings'],
          properties: {
            line: { type: 'integer' },
            key: nullable(str()),
            title: nullable(str()),
            ok: { type: 'boolean' },
            id: nullable(id),
            errors: { type: 'object', additionalProperties: { type: 'string' }, description: 'Field → Chinese message.' },
            warnings: { type: 'array', items: str() },
          },
        },
      },
    },
  },
};

schemas.ItemPatch = {
  type: 'object',
  description: 'Any subset of the ItemInput fields except `agency`; unspecified fields keep their values, `null` clears an optional one.',
  properties: Object.fromEntries(Object.entries((schemas.ItemInput as { properties: Schema }).properties).filter(([k]) => k !== 'agency')),
};

const idParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: id });
const ok = (description: string, schemaName: string) => ({ description, ...json(ref(schemaName)) });
const session = [{ sessionCookie: [] }];
const sessionWrite = [{ sessionCookie: [], csrfHeader: [] }];
const bearer = [{ bearerAuth: [] }];

const paths: Record<string, Schema> = {
  '/api/search': {
    get: {
      operationId: 'search',
      tags: ['search'],
      summary: 'Full-text search over everything the public may see (Chinese word segmentation, 繁简 folding, 文号 in any bracket form, 索引号 lookup).',
      description: 'Quoted text is a phrase; `-word` excludes a word. Results are ranked title above body, phrase above scattered words, 现行有效 above 废止, then by date.',
      security: [],
      parameters: [
        { name: 'q', in: 'query', required: true, description: 'The query (at most 200 characters).', schema: str(undefined, { maxLength: 200 }) },
        { name: 'agency', in: 'query', description: 'Agency slug (its subordinate agencies included).', schema: str() },
        { name: 'topic', in: 'query', description: '主题分类 code (a top-level code includes its children).', schema: str() },
        { name: 'genre', in: 'query', description: '体裁 code.', schema: str() },
        { name: 'from', in: 'query', description: 'First year of the document date.', schema: { type: 'integer', minimum: 1949, maximum: 2100 } },
        { name: 'to', in: 'query', description: 'Last year of the document date.', schema: { type: 'integer', minimum: 1949, maximum: 2100 } },
        { name: 'validity', in: 'query', schema: ref('Validity') },
        { name: 'kind', in: 'query', schema: str(undefined, { enum: ['item', 'guide', 'power', 'service'] }) },
        { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 1 } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 50, default: 10 } },
      ],
      responses: { '200': ok('One page of results with facet counts.', 'SearchResponse'), ...errors },
    },
  },
  '/api/search/suggest': {
    get: {
      operationId: 'suggest',
      tags: ['search'],
      summary: 'Titles starting with (then containing) the text, for the search box.',
      security: [],
      parameters: [{ name: 'q', in: 'query', required: true, schema: str(undefined, { maxLength: 50 }) }],
      responses: { '200': ok('Up to 8 titles.', 'Suggestions'), ...errors },
    },
  },
  '/api/v1/agencies': { get: { operationId: 'listAgencies', tags: ['directory'], summary: 'Every active agency (机构目录), in tree order.', security: [], responses: { '200': ok('The agencies.', 'AgencyList'), ...errors } } },
  '/api/v1/agencies/{slug}': {
    get: {
      operationId: 'getAgency',
      tags: ['directory'],
      summary: 'One active agency and its 政府信息公开工作机构.',
      security: [],
      parameters: [{ name: 'slug', in: 'path', required: true, schema: str() }],
      responses: { '200': ok('The agency.', 'Agency'), ...errors },
    },
  },
  '/api/v1/agencies/{id}/profile': {
    patch: {
      operationId: 'updateAgencyProfile',
      tags: ['directory'],
      summary: 'Updates an agency profile (agency admin of the agency or above).',
      security: sessionWrite,
      parameters: [idParam('id', 'Agency id.')],
      requestBody: { required: true, ...json(ref('AgencyProfileInput')) },
      responses: { '200': ok('The updated agency.', 'Agency'), ...authErrors },
    },
  },
  '/api/v1/staff': {
    get: {
      operationId: 'listStaff',
      tags: ['staff accounts'],
      summary: 'Staff accounts in the caller\'s agencies.',
      security: session,
      parameters: [
        { name: 'orgId', in: 'query', schema: id },
        { name: 'q', in: 'query', description: 'Search in user name and display name.', schema: str() },
        { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
      ],
      responses: { '200': ok('One page of 50 accounts.', 'StaffList'), ...authErrors },
    },
    post: {
      operationId: 'createStaff',
      tags: ['staff accounts'],
      summary: 'Creates a staff account; the answer carries its initial password once.',
      security: sessionWrite,
      requestBody: { required: true, ...json(ref('CreateStaffInput')) },
      responses: { '201': ok('The account.', 'StaffUser'), ...authErrors },
    },
  },
  '/api/v1/staff/{id}': {
    get: { operationId: 'getStaff', tags: ['staff accounts'], summary: 'One staff account with its roles.', security: session, parameters: [idParam('id', 'User id.')], responses: { '200': ok('The account.', 'StaffUser'), ...authErrors } },
  },
  '/api/v1/staff/{id}/roles': {
    post: {
      operationId: 'grantRole',
      tags: ['staff accounts'],
      summary: 'Grants a role for an agency (and its subtree).',
      security: sessionWrite,
      parameters: [idParam('id', 'User id.')],
      requestBody: { required: true, ...json(ref('GrantRoleInput')) },
      responses: { '204': { description: 'Granted.' }, ...authErrors },
    },
  },
  '/api/v1/items': {
    get: {
      operationId: 'listItems',
      tags: ['catalogue'],
      summary: 'Public items of the 政府信息公开目录 (published, 主动公开), filtered like the portal listing.',
      security: [],
      parameters: [
        ...listingParams,
        { name: 'page', in: 'query', description: 'At most 10,000 rows deep ((page − 1) × pageSize < 10,000); narrow with filters or use the CSV/JSON exports for the whole list.', schema: { type: 'integer', minimum: 1, default: 1 } },
        { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
      ],
      responses: { '200': ok('One page of items.', 'ItemList'), ...errors },
    },
  },
  '/api/v1/items/{id}': {
    get: {
      operationId: 'getItem',
      tags: ['catalogue'],
      summary: 'One public item: metadata, current published text, attachments and 政策解读 links.',
      security: [],
      parameters: [idParam('id', 'Item id.')],
      responses: { '200': ok('The item.', 'Item'), ...errors },
    },
  },
  '/api/v1/staff/items': {
    post: {
      operationId: 'createItem',
      tags: ['catalogue (staff)'],
      summary: 'Creates a draft item for the token\'s agency (or `agency` within its subtree).',
      security: bearer,
      requestBody: { required: true, ...json(ref('ItemInput')) },
      responses: { '201': ok('The draft, with `warnings`.', 'StaffItem'), ...authErrors },
    },
  },
  '/api/v1/staff/items/{id}': {
    get: {
      operationId: 'getStaffItem',
      tags: ['catalogue (staff)'],
      summary: 'The staff view of an item: state, working and published version.',
      security: bearer,
      parameters: [idParam('id', 'Item id.')],
      responses: { '200': ok('The item.', 'StaffItem'), ...authErrors },
    },
    patch: {
      operationId: 'updateItem',
      tags: ['catalogue (staff)'],
      summary: 'Edits the working draft (a published item gets a new working version; the public text is unchanged until it is published).',
      security: bearer,
      parameters: [idParam('id', 'Item id.')],
      requestBody: { required: true, ...json(ref('ItemPatch')) },
      responses: { '200': ok('The item.', 'StaffItem'), ...authErrors },
    },
  },
  '/api/v1/staff/items/{id}/submit': {
    post: {
      operationId: 'submitItem',
      tags: ['catalogue (staff)'],
      summary: 'Submits the working draft for review (保密审查).',
      security: bearer,
      parameters: [idParam('id', 'Item id.')],
      responses: { '200': ok('The item.', 'StaffItem'), ...authErrors },
    },
  },
  '/api/v1/staff/items/{id}/withdraw': {
    post: {
      operationId: 'withdrawItem',
      tags: ['catalogue (staff)'],
      summary: 'Withdraws a published item from every public surface (the reviewer or agency admin role).',
      security: bearer,
      parameters: [idParam('id', 'Item id.')],
      requestBody: { required: true, ...json(ref('WithdrawInput')) },
      responses: { '200': ok('The item.', 'StaffItem'), ...authErrors },
    },
  },
  '/api/v1/staff/items/import': {
    post: {
      operationId: 'importItems',
      tags: ['catalogue (staff)'],
      summary: 'Bulk import (docs/catalogue-import.md): JSONL or CSV (UTF-8, up to 20 MB), validated line by line; every line names its `agency`, which must lie within the token\'s subtree.',
      security: bearer,
      parameters: [{ name: 'mode', in: 'query', schema: str('`all-or-nothing` refuses the whole file when any line fails; `valid-only` imports the valid lines.', { enum: ['all-or-nothing', 'valid-only'], default: 'all-or-nothing' }) }],
      requestBody: {
        required: true,
        content: {
          'application/x-ndjson': { schema: str('One JSON object (ItemInput) per line.') },
          'application/jsonl': { schema: str('One JSON object (ItemInput) per line.') },
          'text/csv': { schema: str('Header row with the field names; list fields separated by `;`.') },
          'text/plain': { schema: str('JSONL or CSV, told apart by the first character.') },
        },
      },
      responses: {
        '200': ok('The line report (also when lines failed in valid-only mode).', 'ImportReport'),
        '422': { description: 'All-or-nothing: some lines failed, nothing imported.', ...json(ref('ImportReport')) },
        '413': problem('More than 20 MB or 50,000 lines.'),
        '415': problem('Not a text body (send JSONL or CSV).'),
        ...authErrors,
      },
    },
  },
  '/api/openapi.json': {
    get: { operationId: 'openApi', tags: ['meta'], summary: 'This document.', security: [], responses: { '200': { description: 'OpenAPI 3.1 document.', content: { 'application/json': { schema: { type: 'object' } } } } } },
  },
};

/** The document, with the server's public address. */
export function openApiDocument(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gongkai API',
      version: '1',
      summary: '政务公开平台 REST API',
      description:
        'Public reads need no credentials. Staff endpoints use the workspace session (cookie `gk_session`, plus the `X-CSRF-Token` header on writes) or an API token scoped to one agency (`Authorization: Bearer …`). Errors are RFC 9457 problem JSON with Chinese messages.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: publicUrl }],
    tags: [{ name: 'directory' }, { name: 'catalogue' }, { name: 'search' }, { name: 'catalogue (staff)' }, { name: 'staff accounts' }, { name: 'meta' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token issued in the workspace, scoped to one agency and its subtree.' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'gk_session', description: 'The workspace session after sign-in (and two-factor where required).' },
        csrfHeader: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'The CSRF token of the session\'s browser, on every unsafe request.' },
      },
    },
  };
}
