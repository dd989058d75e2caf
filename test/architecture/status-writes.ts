import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { getTableColumns } from 'drizzle-orm';
import ts from 'typescript';
import { POST_STATUSES, posts } from '../../src/db/schema/index.js';

/**
 * Finds every place in the code that writes a post's status and tells which of them take it from
 * the transition table. A status from the table has the type `TableStatus` (src/posts/
 * post-lifecycle.ts): `decide(...).next`, `transitionOrThrow(...)`, `transitionFor(...).to` and
 * `.from` carry its brand, and nothing else does, so the compiler's types decide, not names.
 *
 * A status write is:
 * - a `status` property of an object the compiler types as a posts row or a change to one (every
 *   column of posts: drizzle `.set`, `.values`, `PostsRepository.update` / `insert`, any
 *   `Partial<PostRow>`), or a `status` property holding post statuses in an object whose type
 *   nothing gives (it may be passed to a writer later);
 * - a condition on `posts.status` in the WHERE of a drizzle update of posts (the from-states),
 *   including conditions built by helper functions it calls;
 * - `status = …` / `status IN …` in raw SQL that updates or inserts into posts, each value after
 *   THEN or ELSE of a `status = CASE … END`, and a status copied from another column.
 */
export interface StatusWrite {
  file: string;
  line: number;
  code: string;
  /** Null when the status comes from the table; otherwise why not. */
  bypass: string | null;
}

const BRAND = '__fromTransitionTable';
const POST_STATUS_SET = new Set<string>(POST_STATUSES);
/** An object typed with every column of posts is a posts row or a change to one. */
const POST_COLUMNS = Object.keys(getTableColumns(posts));

/** `'held' as const`, `('held')`, `'held' satisfies …` are the literal they wrap. */
const unwrap = (node: ts.Expression): ts.Expression =>
  ts.isAsExpression(node) || ts.isParenthesizedExpression(node) || ts.isSatisfiesExpression(node)
    ? unwrap(node.expression)
    : node;

export function sourceFiles(root: string, dir = 'src'): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** A program over `files`, plus in-memory `extra` files (path → text) for fixtures. */
export function programOf(root: string, files: string[], extra: Record<string, string> = {}) {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  })!;
  const options = { ...config.options, noEmit: true, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name in extra
      ? ts.createSourceFile(name, extra[name]!, version)
      : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name in extra || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => extra[name] ?? readFile(name);
  return ts.createProgram([...files, ...Object.keys(extra)], options, host);
}

export function scanStatusWrites(
  program: ts.Program,
  root: string,
  files: readonly string[],
): StatusWrite[] {
  const checker = program.getTypeChecker();
  const writes: StatusWrite[] = [];
  const followed = new Set<ts.Node>();

  const record = (node: ts.Node, bypass: string | null) => {
    const source = node.getSourceFile();
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    writes.push({
      file: relative(root, source.fileName),
      line: line + 1,
      code: node.getText().replace(/\s+/g, ' ').slice(0, 120),
      bypass,
    });
  };

  const branded = (type: ts.Type): boolean => {
    if (type.isUnion()) return type.types.every(branded);
    if (type.getProperty(BRAND)) return true;
    const element = type.getNumberIndexType();
    return element !== undefined && !(type.flags & ts.TypeFlags.StringLike) && branded(element);
  };

  const fromTable = (value: ts.Expression): string | null => {
    if (ts.isArrayLiteralExpression(value)) {
      for (const element of value.elements) {
        const why = fromTable(ts.isSpreadElement(element) ? element.expression : element);
        if (why) return why;
      }
      return null;
    }
    if (branded(checker.getTypeAtLocation(value))) return null;
    const literal = unwrap(value);
    return ts.isStringLiteralLike(literal)
      ? `status literal '${literal.text}'`
      : `status not from the transition table (${checker.typeToString(checker.getTypeAtLocation(value))})`;
  };

  /** Whether every value `type` allows is a post status (branded by the table or not). */
  const holdsPostStatuses = (type: ts.Type): boolean =>
    (type.isUnion() ? type.types : [type]).every((member) =>
      (member.isIntersection() ? member.types : [member]).some(
        (t) => t.isStringLiteral() && POST_STATUS_SET.has(t.value),
      ),
    );

  /** Whether `type` is exactly the post status union (a posts row's `status`). */
  const isPostStatus = (type: ts.Type | undefined): boolean => {
    if (!type) return false;
    const members = (type.isUnion() ? type.types : [type]).filter(
      (t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)),
    );
    const literals = members.flatMap((t) => (t.isStringLiteral() ? [t.value] : []));
    return (
      literals.length === POST_STATUS_SET.size && literals.every((l) => POST_STATUS_SET.has(l))
    );
  };

  const isPostsTable = (node: ts.Node): boolean => {
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return (
      symbol?.name === 'posts' &&
      (symbol.declarations ?? []).some((d) =>
        d.getSourceFile().fileName.endsWith('src/db/schema/workflow.ts'),
      )
    );
  };

  const isPostsStatus = (node: ts.Node): boolean =>
    ts.isPropertyAccessExpression(node) &&
    node.name.text === 'status' &&
    isPostsTable(node.expression);

  /** Conditions on posts.status inside a WHERE, following calls into helper functions of src. */
  const scanCondition = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const [left, right] = node.arguments;
      if (left && right && isPostsStatus(left)) record(node, fromTable(right));
      const declaration = checker.getResolvedSignature(node)?.declaration;
      const body =
        declaration &&
        (ts.isFunctionDeclaration(declaration) ||
          ts.isArrowFunction(declaration) ||
          ts.isFunctionExpression(declaration) ||
          ts.isMethodDeclaration(declaration))
          ? declaration.body
          : undefined;
      if (
        body &&
        !body.getSourceFile().isDeclarationFile &&
        !body.getSourceFile().fileName.includes('node_modules') &&
        !followed.has(body)
      ) {
        followed.add(body);
        scanCondition(body);
      }
    }
    ts.forEachChild(node, scanCondition);
  };

  /** `db.update(posts)…where(…)`: the from-states of the statement. */
  const scanUpdateChain = (update: ts.CallExpression) => {
    let node: ts.Node = update;
    while (
      (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) ||
      (ts.isCallExpression(node.parent) && node.parent.expression === node)
    ) {
      node = node.parent;
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'where'
      )
        node.arguments.forEach(scanCondition);
    }
  };

  const scanSql = (template: ts.TaggedTemplateExpression) => {
    const t = template.template;
    const parts = ts.isNoSubstitutionTemplateLiteral(t)
      ? [{ text: t.text, expression: undefined }]
      : [
          { text: t.head.text, expression: undefined as ts.Expression | undefined },
          ...t.templateSpans.map((s) => ({ text: s.literal.text, expression: s.expression })),
        ];
    // parts[i].expression precedes parts[i].text.
    const writesPosts = parts.some(
      (p, i) =>
        /\b(UPDATE|INSERT\s+INTO)\s+"?posts"?\b/i.test(p.text) ||
        (i + 1 < parts.length &&
          /\b(UPDATE|INSERT\s+INTO)\s*$/i.test(p.text) &&
          isPostsTable(parts[i + 1]!.expression!)),
    );
    if (!writesPosts) return;
    // Inside `status = CASE … END`, every value after THEN or ELSE is a status written.
    let inStatusCase = false;
    for (const [i, part] of parts.entries()) {
      if (/\bstatus\s*(=|<>|!=|\bIN\b)\s*\(?\s*'/i.test(part.text))
        record(template, `status literal in SQL: ${part.text.trim().slice(0, 80)}`);
      if (/\bstatus\s*=\s*(\w+\.)?"?\w*status"?\b/i.test(part.text))
        record(template, `status copied from a column in SQL: ${part.text.trim().slice(0, 80)}`);
      if (/\bstatus\s*=\s*CASE\b/i.test(part.text)) inStatusCase = true;
      if (inStatusCase && /\b(THEN|ELSE)\s*'/i.test(part.text))
        record(template, `status literal in SQL: ${part.text.trim().slice(0, 80)}`);
      const next = parts[i + 1]?.expression;
      if (
        next &&
        (/\bstatus\s*(=|<>|!=|\bIN\b)\s*(ANY\s*\(\s*)?$/i.test(part.text) ||
          (inStatusCase && /\b(THEN|ELSE)\s*$/i.test(part.text)))
      )
        record(next, fromTable(next));
      if (inStatusCase && /\bEND\b/i.test(part.text)) inStatusCase = false;
    }
  };

  const visit = (node: ts.Node) => {
    if (
      (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) &&
      node.name.getText() === 'status' &&
      ts.isObjectLiteralExpression(node.parent)
    ) {
      const value = ts.isPropertyAssignment(node) ? node.initializer : node.name;
      const contextual = checker.getContextualType(node.parent);
      const declared = contextual?.getProperty('status');
      const postsRow =
        contextual !== undefined &&
        POST_COLUMNS.every((column) => contextual.getProperty(column)) &&
        isPostStatus(declared && checker.getTypeOfSymbolAtLocation(declared, node.parent));
      // An object nothing types may still reach a writer: a status value in it counts.
      const loose = !contextual && holdsPostStatuses(checker.getTypeAtLocation(value));
      if (postsRow || loose) record(node, fromTable(value));
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'update' &&
      node.arguments.length === 1 &&
      isPostsTable(node.arguments[0]!)
    )
      scanUpdateChain(node);
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'sql') scanSql(node);
    ts.forEachChild(node, visit);
  };

  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${file} is not in the program`);
    visit(source);
  }
  return writes;
}

export const repositoryRoot = () => join(dirname(new URL(import.meta.url).pathname), '..', '..');
