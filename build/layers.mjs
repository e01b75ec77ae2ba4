// Crossbook's layer table, enforced by lint (as VS Code's `code-layering` rule does): each folder
// may import only the folders listed for it. A relative import is resolved against the importing
// file and the target's folder is matched against the table, so a moved file cannot slip past a
// pattern written for its old path. The first layer whose `files` matches a file is its layer.
// DEVELOPERS.md shows the same table in words; change both together.
import { builtinModules } from 'node:module';
import path from 'node:path';

const node = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
/** Packages that hold a main-process resource: a worker thread or the renderer never loads them. */
const mainProcessOnly = ['electron', 'keytar', 'ws'];

// Worker-thread code (the engine worker, the demo simulators' thread) shares no memory with the
// main thread: a main-thread module imported there would run a second copy with its own state.
const mainThreadOnly = [
  'electron/app/**',
  'electron/orders/**',
  'electron/vault/**',
  'electron/host/**',
  'electron/web/**',
  'electron/venues/*/adapter/**',
];

export const layers = [
  {
    name: 'shared',
    files: 'shared/**',
    may: ['shared/**'],
    packages: { deny: [...node, ...mainProcessOnly, 'vue', 'pinia'] },
    why: 'shared/ is runtime-free: it runs in the core, the renderer and the workers',
  },
  {
    name: 'renderer',
    files: 'renderer/**',
    may: ['renderer/**', 'shared/**'],
    packages: { deny: [...node, ...mainProcessOnly] },
    why: 'the renderer is sandboxed and talks to the core only through shared/ (the typed contract)',
  },
  {
    name: 'host',
    files: 'electron/host/**',
    may: ['electron/host/**', 'electron/app/**', 'electron/base/**', 'shared/**', 'package.json'],
    why: 'the Electron host is a transport: it starts the app through its composition root',
  },
  {
    name: 'web',
    files: 'electron/web/**',
    may: ['electron/web/**', 'electron/app/**', 'electron/base/**', 'shared/**', 'package.json'],
    packages: { deny: ['electron'] },
    why: 'the web host is a transport: it starts the app through its composition root',
  },
  {
    name: 'app',
    files: 'electron/app/**',
    may: ['electron/**', 'shared/**'],
    forbid: ['electron/host/**', 'electron/web/**'],
    packages: { deny: ['electron'] },
    why: 'the composition root wires the services; the hosts sit above it',
  },
  {
    name: 'base',
    files: 'electron/base/**',
    may: ['electron/base/**', 'shared/**'],
    packages: { deny: ['electron', 'keytar'] },
    why: 'base is what every core module may use, so it imports only shared/ and Node',
  },
  {
    name: 'book',
    files: 'electron/book/**',
    may: ['electron/book/**', 'shared/**'],
    packages: { deny: [...mainProcessOnly] },
    why: 'the order-book structures are pure data and run on the engine worker',
  },
  {
    name: 'venue book rules',
    files: 'electron/venues/*/book/**',
    may: [
      'electron/venues/{venue}/book/**',
      'electron/venues/{venue}/wire/**',
      'electron/book/**',
      'shared/**',
    ],
    packages: { deny: [...mainProcessOnly] },
    forbid: mainThreadOnly,
    why: "a venue's scanner and book rules run on the engine worker: they may use only the book layer and the venue's wire types",
  },
  {
    name: 'simulators',
    files: ['electron/venues/*/sim/**', 'electron/venues/simkit/**', 'electron/venues/simulators/**'],
    may: [
      'electron/venues/{venue}/**',
      'electron/venues/simkit/**',
      'electron/venues/simulator-registry.ts',
      'electron/venues/common/**',
      'electron/base/**',
      'shared/**',
    ],
    packages: { deny: ['electron', 'keytar'] },
    forbid: mainThreadOnly,
    why: 'the demo simulators run on their own thread and stand in for the outside world: they follow the reference, never our adapter',
  },
  {
    name: 'book registry',
    files: 'electron/venues/book-registry.ts',
    may: ['electron/venues/*/book/**', 'electron/venues/*/wire/**', 'electron/book/**', 'shared/**'],
    packages: { deny: [...mainProcessOnly] },
    forbid: mainThreadOnly,
    why: 'the engine worker loads the book registry: it lists only what runs on that worker',
  },
  {
    name: 'simulator registry',
    files: 'electron/venues/simulator-registry.ts',
    may: [
      'electron/venues/*/sim/**',
      'electron/venues/*/wire/**',
      'electron/venues/simkit/**',
      'electron/venues/common/**',
      'electron/base/**',
      'shared/**',
    ],
    packages: { deny: ['electron', 'keytar'] },
    forbid: mainThreadOnly,
    why: 'the simulator thread loads the simulator registry: it lists only what runs on that thread',
  },
  {
    name: 'venue registries',
    files: 'electron/venues/*.ts',
    may: ['electron/venues/**', 'electron/book/**', 'electron/base/**', 'shared/**'],
    packages: { deny: ['electron'] },
    why: 'the registries list the venues; nothing below them lists every venue',
  },
  {
    name: 'venue',
    files: 'electron/venues/**',
    may: [
      'electron/venues/{venue}/**',
      'electron/venues/common/**',
      'electron/book/**',
      'electron/base/**',
      'shared/**',
    ],
    packages: { deny: ['electron'] },
    why: 'a venue folder knows its own protocol only: not another venue, never the services that use it',
  },
  {
    name: 'engine',
    files: 'electron/engine/**',
    may: [
      'electron/engine/**',
      'electron/book/**',
      'electron/venues/book-registry.ts',
      'electron/venues/*/book/**',
      'electron/replay/recording/**',
      'electron/base/**',
      'shared/**',
    ],
    packages: { deny: [...mainProcessOnly] },
    forbid: mainThreadOnly,
    why: 'the engine runs on a worker thread behind its typed client',
  },
  {
    name: 'replay recording',
    files: 'electron/replay/recording/**',
    may: ['electron/replay/recording/**', 'electron/base/**', 'shared/**'],
    packages: { deny: [...mainProcessOnly] },
    forbid: mainThreadOnly,
    why: 'the recording format, writer and reader run on the engine worker (writer), the replay thread and the core alike',
  },
  {
    name: 'replay thread',
    files: 'electron/replay/thread/**',
    may: ['electron/replay/thread/**', 'electron/replay/recording/**', 'electron/base/**', 'shared/**'],
    packages: { deny: [...mainProcessOnly] },
    forbid: mainThreadOnly,
    why: 'the replay clock runs on its own thread (and is a benchmark load source): it reads recordings and knows nothing of the core',
  },
  {
    name: 'replay',
    files: 'electron/replay/**',
    may: ['electron/replay/**', 'electron/venues/common/**', 'electron/base/**', 'shared/**'],
    packages: { deny: ['electron'] },
    why: 'the replay venues speak the adapter interface and the paper matcher fills against the replayed book; the composition root wires them',
  },
  {
    name: 'orders',
    files: 'electron/orders/**',
    may: ['electron/orders/**', 'electron/venues/common/**', 'electron/base/**', 'shared/**'],
    packages: { deny: ['electron'] },
    why: 'the order manager speaks to venues only through the adapter interface',
  },
  {
    name: 'vault',
    files: 'electron/vault/**',
    may: [
      'electron/vault/**',
      'electron/venues/registry.ts',
      'electron/venues/common/**',
      'electron/base/**',
      'shared/**',
    ],
    packages: { deny: ['electron'] },
    why: 'the vault holds credentials; it learns each venue’s credential schema from the venue registry',
  },
  {
    name: 'unlisted core folder',
    files: 'electron/**',
    may: [],
    packages: { deny: ['electron'] },
    why: 'every folder of electron/ has a row in the layer table: add one for a new folder',
  },
];

function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const compiled = layers.map((layer) => ({ ...layer, filesRe: [layer.files].flat().map(globToRegExp) }));

/** The layer a repository-relative file belongs to, or undefined (tests, build scripts). */
export function layerOf(file) {
  return compiled.find((layer) => layer.filesRe.some((re) => re.test(file)));
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Why `file` may not import `spec`, or null when the table allows it. */
export function layerViolation(file, spec) {
  const layer = layerOf(file);
  if (!layer) return null;
  if (!spec.startsWith('.')) {
    const name = packageName(spec);
    return layer.packages?.deny.includes(spec) || layer.packages?.deny.includes(name)
      ? `${layer.name} may not import '${name}': ${layer.why}.`
      : null;
  }
  // `{venue}` in a glob stands for the importing file's own venue folder.
  const venue = /^electron\/venues\/([^/]+)\//.exec(file)?.[1] ?? '\0';
  const globs = (list) => (list ?? []).map((g) => globToRegExp(g.replaceAll('{venue}', venue)));
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
  const candidates = [target, `${target}.ts`, `${target}.vue`, `${target}/index.ts`];
  const allowed = candidates.some((t) => globs(layer.may).some((re) => re.test(t)));
  const forbidden = candidates.some((t) => globs(layer.forbid).some((re) => re.test(t)));
  if (allowed && !forbidden) return null;
  return `${layer.name} (${file}) may not import ${target}: ${layer.why}. See the layer table in build/layers.mjs.`;
}

/** An ESLint plugin with one rule, `layers`, that applies the table to every import. */
export const layersPlugin = {
  rules: {
    layers: {
      meta: { type: 'problem', schema: [], docs: { description: "Crossbook's layer table" } },
      create(context) {
        const file = path.relative(context.cwd, context.filename).split(path.sep).join('/');
        if (!layerOf(file)) return {};
        const check = (node, source) => {
          if (!source || typeof source.value !== 'string') return;
          const message = layerViolation(file, source.value);
          if (message) context.report({ node, message });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source),
          ExportNamedDeclaration: (node) => check(node, node.source),
          ExportAllDeclaration: (node) => check(node, node.source),
          ImportExpression: (node) => check(node, node.source),
        };
      },
    },
  },
};
