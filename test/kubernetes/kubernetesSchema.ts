import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { unknownFields, type CheckedKind } from './knownFields';

/**
 * What the Kubernetes OpenAPI schema says is wrong with an object, as kubernetes-models (generated
 * from that schema) reports it — wrong types, missing required fields, values outside an enum,
 * malformed quantities — plus the fields the schema does not know (knownFields.ts). Empty when the
 * object is valid.
 */
export function schemaProblems(kind: CheckedKind, object: unknown): string[] {
  return [...modelProblems(kind, object), ...unknownFields(kind, object)];
}

function modelProblems(kind: CheckedKind, object: unknown): string[] {
  const model = kind === 'Deployment' ? new Deployment(object as never) : new PersistentVolumeClaim(object as never);
  try {
    model.validate();
    return [];
  } catch (error) {
    // kubernetes-models throws one ValidationError whose message lists every problem, comma-separated.
    return [(error as Error).message];
  }
}
