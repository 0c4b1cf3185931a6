import { dirname, join } from 'node:path';
import ts from 'typescript';

/**
 * Fields the Kubernetes API does not know. The OpenAPI schema kubernetes-models validates against
 * lets any extra property through (the API server rejects them itself, under the strict field
 * validation `kubectl apply` and `kubectl patch` use by default since 1.27), so a misspelt
 * `readOnlyRootFileSystem` would pass it. kubernetes-models ships the same schema as TypeScript
 * interfaces; this walks an object beside its interface, through the compiler's type checker, and
 * names every property the interface does not declare.
 */
const MODELS = {
  Deployment: "import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';\nexport declare const Deployment: IDeployment;",
  PersistentVolumeClaim:
    "import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';\nexport declare const PersistentVolumeClaim: IPersistentVolumeClaim;",
} as const;

export type CheckedKind = keyof typeof MODELS;

/** `spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem is not a field of ISecurityContext` */
export function unknownFields(kind: CheckedKind, object: unknown): string[] {
  const { checker, types } = modelTypes();
  const found: string[] = [];
  walk(checker, object, types[kind], '', found);
  return found;
}

function walk(checker: ts.TypeChecker, value: unknown, declared: ts.Type, path: string, found: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const type = checker.getNonNullableType(declared);
  if (Array.isArray(value)) {
    const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
    if (element) value.forEach((item, index) => walk(checker, item, element, `${path}[${index}]`, found));
    return;
  }
  // Maps such as labels or resources.requests declare an index signature, not properties.
  const anyKey = checker.getIndexTypeOfType(type, ts.IndexKind.String);
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const property = checker.getPropertyOfType(type, key);
    if (property) walk(checker, child, checker.getTypeOfSymbol(property), at, found);
    else if (anyKey) walk(checker, child, anyKey, at, found);
    else found.push(`${at} is not a field of ${checker.typeToString(type)}`);
  }
}

interface ModelTypes {
  checker: ts.TypeChecker;
  types: Record<CheckedKind, ts.Type>;
}

let loaded: ModelTypes | undefined;

/** Compiles the models' declarations once per process (about a second). */
function modelTypes(): ModelTypes {
  if (loaded) return loaded;
  // Beside this file, so that `kubernetes-models` resolves from the project's node_modules.
  const fileName = join(dirname(__filename), '__kubernetes-model-types__.ts');
  const source = Object.values(MODELS).join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es5.d.ts'], // Array and Record are all the models use; a larger lib only costs time
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === fileName ? ts.createSourceFile(name, source, language) : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => name === fileName || fileExists.call(host, name);
  const program = ts.createProgram([fileName], options, host);
  const file = program.getSourceFile(fileName)!;
  const problems = program.getSemanticDiagnostics(file).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
  if (problems.length > 0) throw new Error(`cannot load the kubernetes-models types: ${problems.join('; ')}`);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(file)!;
  const exported = new Map(checker.getExportsOfModule(module).map((symbol) => [symbol.name, checker.getTypeOfSymbol(symbol)]));
  const types = Object.fromEntries(Object.keys(MODELS).map((kind) => [kind, exported.get(kind)!])) as Record<CheckedKind, ts.Type>;
  loaded = { checker, types };
  return loaded;
}
