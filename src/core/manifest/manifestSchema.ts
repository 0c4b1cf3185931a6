import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { HardenError } from '../errors';
import manifestSchema from './manifest.schema.json';
import type { HardeningManifest } from './manifestTypes';

let compiled: ValidateFunction<HardeningManifest> | undefined;

/** Compiled on first use: ajv needs a few milliseconds, and most commands never read a manifest. */
function schemaValidator(): ValidateFunction<HardeningManifest> {
  // `discriminator` makes ajv report the error inside the chosen mount/probe variant instead of
  // "must match exactly one schema"; `verbose` gives us the schema descriptions for messages.
  compiled ??= new Ajv2020({ discriminator: true, verbose: true }).compile<HardeningManifest>(manifestSchema);
  return compiled;
}

/** Throws HardenError('manifest-invalid') naming the first field that breaks the schema. */
export function assertMatchesSchema(value: unknown, sourceName: string): asserts value is HardeningManifest {
  const validate = schemaValidator();
  if (validate(value)) return;
  const [first] = validate.errors ?? [];
  const problem = first ? describeSchemaError(first) : 'it does not match the schema';
  throw new HardenError('manifest-invalid', `${sourceName} is not a valid harden manifest: ${problem}.`);
}

function describeSchemaError(error: ErrorObject): string {
  const at = fieldPath(error.instancePath);
  const got = describeValue(error.data);
  const hint = typeof error.parentSchema?.description === 'string' ? error.parentSchema.description : undefined;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `field ${joinField(at, String(params.missingProperty))} is missing`;
    case 'additionalProperties':
      return `field ${joinField(at, String(params.additionalProperty))} is not part of schemaVersion 1`;
    case 'enum':
      return `${at} is ${got}; expected one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `${at} is ${got}; expected ${describeValue(params.allowedValue)}`;
    case 'type':
      return `${at} is ${got}; expected ${String(params.type).split(',').map((type) => TYPE_WORDS[type] ?? type).join(' or ')}`;
    case 'pattern':
      return `${at} is ${got}; expected ${hint ?? `text matching ${String(params.pattern)}`}`;
    case 'minimum':
    case 'maximum':
      return `${at} is ${got}; expected ${String(params.comparison)} ${String(params.limit)}${hint ? ` (${hint})` : ''}`;
    case 'minLength':
    case 'minItems':
      return `${at} is empty`;
    case 'uniqueItems':
      return `${at} lists ${describeValue((error.data as unknown[])[Number(params.i)])} twice`;
    case 'discriminator':
      return `${joinField(at, String(params.tag))} is ${describeValue(params.tagValue)}; expected one of ${discriminatorValues(error).join(', ')}`;
    default:
      return `${at} ${error.message ?? 'is invalid'}`;
  }
}

const TYPE_WORDS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

/** `/writablePaths/0/mount` → `writablePaths[0].mount`, the way a user reads the YAML. */
function fieldPath(instancePath: string): string {
  if (instancePath === '') return 'the manifest';
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : joinField(path, segment)), '');
}

function joinField(parent: string, field: string): string {
  return parent === '' || parent === 'the manifest' ? field : `${parent}.${field}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** The tag values a discriminated `oneOf` accepts, read from the branches' `const`. */
function discriminatorValues(error: ErrorObject): string[] {
  const tag = String((error.params as Record<string, unknown>).tag);
  const branches = (error.parentSchema?.oneOf ?? []) as Array<Record<string, unknown>>;
  return branches.map((branch) => {
    const ref = typeof branch.$ref === 'string' ? branch.$ref.replace('#/$defs/', '') : undefined;
    const resolved = ref ? (manifestSchema.$defs as Record<string, Record<string, unknown>>)[ref] : branch;
    const properties = resolved?.properties as Record<string, { const?: unknown }> | undefined;
    return String(properties?.[tag]?.const);
  });
}
