/**
 * The trimmed AWS service model that scripts/gen-aws-shapes.py writes (src/api/<svc>/shapes.generated.json), and
 * its compiled in-memory form. `loadServiceModel` runs once at startup: it resolves shape references into an object
 * graph and compiles every pattern once, so that per-request validation does no lookups by name and no RegExp
 * construction.
 */

/** Service metadata as botocore spells it (only the keys the generator keeps). */
export interface ServiceMetadata {
  readonly apiVersion: string;
  readonly protocol: string;
  readonly protocols?: readonly string[];
  readonly jsonVersion?: string;
  readonly targetPrefix?: string;
  readonly endpointPrefix: string;
  readonly signingName?: string;
  readonly serviceId: string;
  readonly uid?: string;
  readonly awsQueryCompatible?: Readonly<Record<string, unknown>>;
  readonly xmlNamespace?: string;
}

/** HTTP binding of an operation (meaningful for rest-json; always `POST /` for awsJson). */
export interface OperationHttp {
  readonly method: string;
  readonly requestUri: string;
  readonly responseCode?: number;
}

/** An operation in the generated JSON. `output` and `errors` are shape names only; their shapes are not kept. */
export interface OperationJson {
  readonly input?: string;
  readonly output?: string;
  readonly errors?: readonly string[];
  readonly http?: OperationHttp;
}

/** A reference from a structure member, list member or map key/value to a shape, with member-level traits. */
export interface ShapeRefJson {
  readonly shape: string;
  readonly idempotencyToken?: boolean;
  readonly location?: string;
  readonly locationName?: string;
  readonly jsonvalue?: boolean;
  readonly timestampFormat?: string;
  readonly hostLabel?: boolean;
  readonly flattened?: boolean;
  readonly queryName?: string;
  readonly xmlNamespace?: unknown;
  readonly xmlAttribute?: boolean;
  readonly streaming?: boolean;
}

/** botocore shape types. */
export type ShapeTypeJson =
  'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';

/**
 * A shape in the generated JSON. `min`/`max` are lengths for string, blob, list and map, and value bounds for
 * numbers. `pattern` is the model's text (quoted in error messages); `jsPattern`, when present, is its equivalent in
 * JavaScript 'u'-flag syntax.
 */
export interface ShapeJson {
  readonly type: ShapeTypeJson;
  readonly required?: readonly string[];
  readonly members?: Readonly<Record<string, ShapeRefJson>>;
  readonly member?: ShapeRefJson;
  readonly key?: ShapeRefJson;
  readonly value?: ShapeRefJson;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly jsPattern?: string;
  readonly enum?: readonly string[];
  readonly union?: boolean;
  readonly document?: boolean;
  readonly timestampFormat?: string;
  readonly flattened?: boolean;
  readonly locationName?: string;
  readonly streaming?: boolean;
  readonly eventstream?: boolean;
  readonly requiresLength?: boolean;
  readonly sensitive?: boolean;
}

/** The whole generated file. */
export interface ServiceModelJson {
  readonly _generated: string;
  readonly metadata: ServiceMetadata;
  readonly operations: Readonly<Record<string, OperationJson>>;
  readonly shapes: Readonly<Record<string, ShapeJson>>;
}

/** A declared constraint of a scalar, list or map shape, in the order AWS lists them. */
export interface Constraint {
  /** Bit identifying the constraint in a failure mask (see `ConstraintBit`). */
  readonly bit: number;
  /** AWS's wording, e.g. `Member must have length less than or equal to 256`. */
  readonly text: string;
}

/** Bits of a constraint-failure mask; their numeric order is the order AWS reports them in. */
export const ConstraintBit = {
  MaxLength: 1,
  MinLength: 2,
  MaxValue: 4,
  MinValue: 8,
  Enum: 16,
  Pattern: 32,
} as const;

interface ShapeBase {
  /** The model's shape name, e.g. `PipelineName`. */
  readonly name: string;
  /** Declared constraints with AWS's wording; empty when there are none. */
  readonly constraints: readonly Constraint[];
  /** Values of this shape are left out of error messages. */
  readonly sensitive: boolean;
}

/** A structure member, resolved. */
export interface Member {
  /** Wire (PascalCase) name, e.g. `PipelineName`. */
  readonly name: string;
  /** AWS's path segment in ValidationException messages: the name with its first letter lower-cased. */
  readonly path: string;
  readonly target: Shape;
  readonly required: boolean;
  /** SDKs fill these with a UUID when the caller omits them; the server must do the same for raw callers. */
  readonly idempotencyToken: boolean;
  /** The name is also an Object.prototype property, so reads must check own properties. */
  readonly inherited: boolean;
  /** Member-level traits (location, locationName, …) for the codecs. */
  readonly ref: ShapeRefJson;
}

/** A structure. Unknown input members are not represented and are ignored. */
export interface StructureShape extends ShapeBase {
  readonly type: 'structure';
  readonly members: readonly Member[];
  readonly memberByName: ReadonlyMap<string, Member>;
}

/** A list; `minLength`/`maxLength` count items. */
export interface ListShape extends ShapeBase {
  readonly type: 'list';
  readonly member: Shape;
  readonly minLength: number;
  readonly maxLength: number;
}

/** A map; `minLength`/`maxLength` count entries. */
export interface MapShape extends ShapeBase {
  readonly type: 'map';
  readonly key: Shape;
  readonly value: Shape;
  readonly minLength: number;
  readonly maxLength: number;
}

/** A string; lengths count Unicode code points, as Smithy and botocore do. */
export interface StringShape extends ShapeBase {
  readonly type: 'string';
  readonly minLength: number;
  readonly maxLength: number;
  /** Full-match pattern (`^(?:…)$`, flag `u`), compiled once. */
  readonly pattern: RegExp | undefined;
  readonly enum: ReadonlySet<string> | undefined;
}

/** A base64 blob; lengths count decoded bytes. */
export interface BlobShape extends ShapeBase {
  readonly type: 'blob';
  readonly minLength: number;
  readonly maxLength: number;
}

/** A number; `integer` and `long` must be integral. */
export interface NumberShape extends ShapeBase {
  readonly type: 'integer' | 'long' | 'float' | 'double';
  readonly min: number;
  readonly max: number;
}

/** A boolean. */
export interface BooleanShape extends ShapeBase {
  readonly type: 'boolean';
}

/** A timestamp; on the awsJson wire, epoch seconds. */
export interface TimestampShape extends ShapeBase {
  readonly type: 'timestamp';
}

/** A Smithy document (any JSON value); botocore marks it as a structure with `document: true`. */
export interface DocumentShape extends ShapeBase {
  readonly type: 'document';
}

/** Any compiled shape, discriminated by `type`. */
export type Shape =
  | StructureShape
  | ListShape
  | MapShape
  | StringShape
  | BlobShape
  | NumberShape
  | BooleanShape
  | TimestampShape
  | DocumentShape;

/** An operation, resolved. */
export interface Operation {
  readonly name: string;
  /** Undefined for operations without input. */
  readonly input: StructureShape | undefined;
  readonly outputName: string | undefined;
  readonly errors: readonly string[];
  readonly http: OperationHttp | undefined;
  /** Wire names of the required input members, idempotency tokens included. */
  readonly requiredMembers: readonly string[];
  /** Wire names of the input members that carry the `idempotencyToken` trait. */
  readonly idempotencyTokenMembers: readonly string[];
}

/** A loaded service model. */
export interface ServiceModel {
  /** The generator's note, e.g. which botocore version the model came from. */
  readonly generated: string;
  readonly metadata: ServiceMetadata;
  readonly operations: ReadonlyMap<string, Operation>;
  /** Every shape reachable from an operation input, by model name. */
  readonly shapes: ReadonlyMap<string, Shape>;
}

const SHAPE_TYPES: ReadonlySet<string> = new Set<ShapeTypeJson>([
  'structure',
  'list',
  'map',
  'string',
  'integer',
  'long',
  'float',
  'double',
  'boolean',
  'timestamp',
  'blob',
]);

/**
 * Compiles a generated model. Throws a TypeError if `json` is not shaped like the generator's output or refers to
 * a shape it does not contain; call it once at startup.
 */
export function loadServiceModel(json: unknown): ServiceModel {
  if (!isRecord(json) || typeof json['_generated'] !== 'string') {
    throw new TypeError('service model: not a generated model (no "_generated" note)');
  }
  const { metadata, operations, shapes } = json;
  if (!isRecord(metadata) || !isRecord(operations) || !isRecord(shapes)) {
    throw new TypeError('service model: "metadata", "operations" and "shapes" must be objects');
  }
  const model = json as unknown as ServiceModelJson;
  const compiler = new Compiler(model.shapes);
  const compiledOps = new Map<string, Operation>();
  for (const [name, op] of Object.entries(model.operations)) {
    const input = op.input === undefined ? undefined : compiler.shape(op.input);
    if (input !== undefined && input.type !== 'structure') {
      throw new TypeError(`service model: input of ${name} is not a structure`);
    }
    const members = input?.members ?? [];
    compiledOps.set(name, {
      name,
      input,
      outputName: op.output,
      errors: op.errors ?? [],
      http: op.http,
      requiredMembers: members.filter((m) => m.required).map((m) => m.name),
      idempotencyTokenMembers: members.filter((m) => m.idempotencyToken).map((m) => m.name),
    });
  }
  for (const name of Object.keys(model.shapes)) compiler.shape(name);
  return { generated: model._generated, metadata: model.metadata, operations: compiledOps, shapes: compiler.done };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Resolves shapes by name, memoised, so that recursive shapes resolve to the same object. */
class Compiler {
  readonly done = new Map<string, Shape>();
  // Many shapes share a pattern (every `.*` description); compile each source once.
  private readonly regexps = new Map<string, RegExp>();

  constructor(private readonly json: Readonly<Record<string, ShapeJson>>) {}

  shape(name: string): Shape {
    const existing = this.done.get(name);
    if (existing !== undefined) return existing;
    const json = this.json[name];
    if (json === undefined || !SHAPE_TYPES.has(json.type)) {
      throw new TypeError(`service model: shape ${name} is missing or has an unknown type`);
    }
    const base: ShapeBase = { name, constraints: constraintsOf(json), sensitive: json.sensitive === true };
    switch (json.type) {
      case 'structure':
        return json.document === true ? this.keep({ type: 'document', ...base }) : this.structure(base, json);
      case 'list': {
        // Registered before its member resolves, so a list that contains itself terminates.
        const list = { type: 'list', ...base, ...lengths(json) } as Mutable<ListShape>;
        this.keep(list);
        list.member = this.shape(requireRef(name, json.member).shape);
        return list;
      }
      case 'map': {
        const map = { type: 'map', ...base, ...lengths(json) } as Mutable<MapShape>;
        this.keep(map);
        map.key = this.shape(requireRef(name, json.key).shape);
        map.value = this.shape(requireRef(name, json.value).shape);
        return map;
      }
      case 'string':
        return this.keep({
          type: 'string',
          ...base,
          ...lengths(json),
          pattern: json.pattern === undefined ? undefined : this.regexp(name, json.jsPattern ?? json.pattern),
          enum: json.enum === undefined ? undefined : new Set(json.enum),
        });
      case 'blob':
        return this.keep({ type: 'blob', ...base, ...lengths(json) });
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        return this.keep({
          type: json.type,
          ...base,
          min: json.min ?? Number.NEGATIVE_INFINITY,
          max: json.max ?? Number.POSITIVE_INFINITY,
        });
      case 'boolean':
      case 'timestamp':
        return this.keep({ type: json.type, ...base });
    }
  }

  private structure(base: ShapeBase, json: ShapeJson): StructureShape {
    const members: Member[] = [];
    const memberByName = new Map<string, Member>();
    const shape: StructureShape = { type: 'structure', ...base, members, memberByName };
    this.keep(shape);
    const required = new Set(json.required ?? []);
    for (const [memberName, ref] of Object.entries(json.members ?? {})) {
      const member: Member = {
        name: memberName,
        path: memberName.charAt(0).toLowerCase() + memberName.slice(1),
        target: this.shape(ref.shape),
        required: required.has(memberName),
        idempotencyToken: ref.idempotencyToken === true,
        inherited: memberName in Object.prototype,
        ref,
      };
      members.push(member);
      memberByName.set(memberName, member);
    }
    return shape;
  }

  private regexp(shapeName: string, source: string): RegExp {
    let re = this.regexps.get(source);
    if (re === undefined) {
      try {
        // AWS validates whole values; newer models dropped the ^…$ anchors. 'u' is needed for \p{L} and friends.
        re = new RegExp(`^(?:${source})$`, 'u');
      } catch (err) {
        throw new TypeError(`service model: pattern of ${shapeName} does not compile: ${source}`, { cause: err });
      }
      this.regexps.set(source, re);
    }
    return re;
  }

  private keep<T extends Shape>(shape: T): T {
    this.done.set(shape.name, shape);
    return shape;
  }
}

function lengths(json: ShapeJson): { minLength: number; maxLength: number } {
  return { minLength: json.min ?? 0, maxLength: json.max ?? Number.POSITIVE_INFINITY };
}

function requireRef(name: string, ref: ShapeRefJson | undefined): ShapeRefJson {
  if (ref === undefined) throw new TypeError(`service model: ${name} lacks its member/key/value reference`);
  return ref;
}

/** AWS's wording of each declared constraint (the framework behind §1.8 of the API spec). */
function constraintsOf(json: ShapeJson): Constraint[] {
  const out: Constraint[] = [];
  const isNumber = json.type === 'integer' || json.type === 'long' || json.type === 'float' || json.type === 'double';
  const hasLength = json.type === 'string' || json.type === 'blob' || json.type === 'list' || json.type === 'map';
  if (hasLength && json.max !== undefined) {
    out.push({ bit: ConstraintBit.MaxLength, text: `Member must have length less than or equal to ${json.max}` });
  }
  if (hasLength && json.min !== undefined) {
    out.push({ bit: ConstraintBit.MinLength, text: `Member must have length greater than or equal to ${json.min}` });
  }
  if (isNumber && json.max !== undefined) {
    out.push({ bit: ConstraintBit.MaxValue, text: `Member must have value less than or equal to ${json.max}` });
  }
  if (isNumber && json.min !== undefined) {
    out.push({ bit: ConstraintBit.MinValue, text: `Member must have value greater than or equal to ${json.min}` });
  }
  if (json.type === 'string' && json.enum !== undefined) {
    out.push({ bit: ConstraintBit.Enum, text: `Member must satisfy enum value set: [${json.enum.join(', ')}]` });
  }
  if (json.type === 'string' && json.pattern !== undefined) {
    out.push({ bit: ConstraintBit.Pattern, text: `Member must satisfy regular expression pattern: ${json.pattern}` });
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
