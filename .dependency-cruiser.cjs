/**
 * The layer rules of README.md → Architecture, checked by `npm run lint` (dependency-cruiser).
 * Type-only imports count: a type is as much a dependency on a layer as a value.
 */

/** Feature folders of src/, lowest first; a folder may import its own layer and those below. */
const LAYERS = [
  ['config', 'db', 'common', 'queue', 'audit', 'logging.ts'],
  // The read cache keys answers by the signed-in principal.
  ['auth', 'read-cache'],
  // The platform seam: definitions, adapters, registry, credential store. Channels seal
  // credentials through it; it reads and writes the credential columns with its own SQL.
  ['platforms'],
  ['library', 'campaigns', 'channels', 'pauses', 'scheduling', 'users', 'audit-log'],
  // Connect flows create and connect channels through the channels service, with the seam's clients.
  ['posts', 'connect', 'observability'],
  ['publishing'],
  ['analytics', 'notifications'],
  ['health', 'demo', 'web', 'access', 'settings', 'http-app.ts'],
  ['app.module.ts', 'bootstrap.ts', 'main.ts', 'cli'],
];

const folderPath = (names) =>
  `^src/(${names.map((n) => (n.endsWith('.ts') ? n.replace('.', '\\.') + '$' : `${n}/`)).join('|')})`;

/** A platform's own configuration slice, composed into the app's configuration. */
const PLATFORM_CONFIG_SLICE = '^src/platforms/[^/]+/[^/]+-config\\.ts$';

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer[0]}-imports-higher`,
  comment: `${layer.join(', ')} must not import a higher layer (README: Architecture)`,
  severity: 'error',
  // Specs may read across layers (e.g. the capabilities spec reads every controller's roles).
  from: { path: folderPath(layer), pathNot: '\\.spec\\.ts$' },
  to: {
    path: folderPath(LAYERS.slice(i + 1).flat()),
    // Each platform's configuration slice is part of configuration (it imports only zod).
    pathNot: i === 0 ? PLATFORM_CONFIG_SLICE : undefined,
  },
}));

/** The HTTP layer: controllers, their DTOs and the problem-details filter. */
const HTTP = '\\.(controller|dto)\\.ts$|^src/common/problem-details\\.filter\\.ts$';
/** Repositories (all SQL) and the pure rules: no framework, no I/O but their arguments. */
const PURE_RULES_AND_REPOSITORIES = [
  '\\.repository\\.ts$',
  '^src/common/(?!.*\\.module\\.ts$)',
  '^src/scheduling/',
  '^src/posts/(post-lifecycle|weighted-length|duplicate-text|content-hash|revision-diff|excerpt|identity-findings)\\.ts$',
  '^src/library/(identity-check|usability|quote-vetting-rules|quote-csv|search-config|query-transforms|library-roles)\\.ts$',
  '^src/publishing/claim-check\\.ts$',
  '^src/pauses/affects\\.ts$',
].join('|');
/** Files that compose the application and may wire anything together. */
const COMPOSITION =
  '\\.module\\.ts$|\\.platform\\.ts$|\\.connect\\.ts$|^src/(app\\.module|bootstrap|main|http-app)\\.ts$|^src/cli/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles hide which module is the lower one.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'domain-imports-http',
      comment:
        'Services, pure rules and repositories take plain domain inputs and throw domain errors; ' +
        'only controllers, DTOs and the problem-details filter know HTTP.',
      severity: 'error',
      from: { path: '^src/', pathNot: `${HTTP}|${COMPOSITION}|\\.spec\\.ts$` },
      to: { path: HTTP },
    },
    {
      name: 'rules-and-repositories-import-services',
      comment:
        'Repositories (all SQL) and pure rules sit below the services that use them; they never ' +
        'call a service.',
      severity: 'error',
      from: { path: PURE_RULES_AND_REPOSITORIES },
      to: { path: '\\.service\\.ts$' },
    },
    {
      name: 'bullmq-outside-queue',
      comment: 'BullMQ is imported only behind the queue seam (src/queue).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/queue/' },
      to: { path: 'node_modules/(bullmq|@nestjs/bullmq|@bull-board)/' },
    },
    {
      name: 'platform-imports-posts-or-publishing',
      comment:
        'A platform plugs in through the platform seam (and connects accounts through its connect ' +
        'flow); it knows nothing of posts or publishing.',
      severity: 'error',
      from: { path: '^src/(platforms|connect)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^src/(posts|publishing)/' },
    },
    {
      name: 'web-imports-server',
      comment:
        "The web UI asks the server over the API; it shares only the generated API types and the platforms' pure text rules.",
      severity: 'error',
      from: { path: '^web/src/' },
      // Except a platform's pure text rules, so the length counter and the server count alike.
      to: { path: '^src/', pathNot: '^src/platforms/[^/]+/[^/]+-text-rules\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
