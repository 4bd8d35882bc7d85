// What today's engine does to a step's input before `run` (activepieces `packages/server/engine/src/lib/
// variables/props-processor.ts` and `processors/*`, read 2026-11): each prop type's processor, then its
// validator. Pure, and free of framework imports, so a test helper and the runner's child process can
// both load it for nothing. Written from the engine's behaviour, not copied.

/** The part of a piece's prop definition the engine reads: its type (`PropertyType` value) and whether it is required. */
export interface EngineProp {
  type: string;
  required: boolean;
}

/** Per prop key, what its validator said. */
export type PropsErrors = Record<string, string[]>;

export interface ProcessedProps {
  /** The input with every declared prop that was present processed; other keys (e.g. `auth`) pass as they came. */
  processedInput: Record<string, unknown>;
  errors: PropsErrors;
}

type Processor = (prop: EngineProp, value: unknown) => unknown;

const isNil = (value: unknown): value is null | undefined => value === null || value === undefined;

/** Short, long and secret text: a mapped object or list becomes its JSON text; '' means unset when optional. */
const text: Processor = (prop, value) => {
  if (isNil(value)) return value;
  if (typeof value === 'object') return JSON.stringify(value);
  const result = String(value);
  return result === '' && !prop.required ? undefined : result;
};

const number: Processor = (_prop, value) => {
  if (isNil(value)) return value;
  return value === '' ? undefined : Number(value);
};

/** Only the words true and false (any case) become booleans; anything else is left for the validator. */
const checkbox: Processor = (_prop, value) => {
  if (typeof value !== 'string') return value;
  const word = value.toLowerCase();
  return word === 'true' ? true : word === 'false' ? false : value;
};

/** JSON text is parsed; text that is not JSON (an XML body, say) passes as it is. */
const json: Processor = (_prop, value) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

/** An object, or JSON text of one; anything else becomes undefined. */
const object: Processor = (_prop, value) => {
  if (isNil(value)) return value;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && !Array.isArray(value) ? value : undefined;
};

/**
 * The engine's processors by prop type. Dropdowns (static, dynamic, multi-select) have none, and no
 * validator either. Not reproduced here, because no piece of ours declares them: DATE_TIME (dayjs),
 * FILE (downloads), ARRAY with sub-properties and DYNAMIC; they pass through unprocessed.
 */
const PROCESSORS: Record<string, Processor> = {
  SHORT_TEXT: text,
  LONG_TEXT: text,
  SECRET_TEXT: text,
  NUMBER: number,
  CHECKBOX: checkbox,
  JSON: json,
  OBJECT: object,
};

/** The engine's validators: an empty list means valid. `original` is the value before processing, as the engine quotes it. */
function validate(prop: EngineProp, value: unknown, original: unknown): string[] {
  if (prop.type === 'JSON') {
    // JSON is checked for presence only, and before the "optional and nil" rule, as the engine does.
    return prop.required && (isNil(value) || value === '') ? [`Expected JSON, received: ${String(original)}`] : [];
  }
  if (!prop.required && isNil(value)) return [];
  const refused = (expected: string) => [`${expected}, received: ${String(original)}`];
  switch (prop.type) {
    case 'SHORT_TEXT':
    case 'LONG_TEXT':
      return typeof value === 'string' ? [] : refused('Expected string');
    case 'NUMBER':
      return typeof value === 'number' && !Number.isNaN(value) ? [] : refused('Expected number');
    case 'CHECKBOX':
      return typeof value === 'boolean' ? [] : refused('Expected boolean');
    case 'DATE_TIME':
      return typeof value === 'string'
        ? []
        : refused('Invalid datetime format. Expected ISO format (e.g. 2024-03-14T12:00:00.000Z)');
    case 'ARRAY':
      return Array.isArray(value) ? [] : refused('Expected array');
    case 'OBJECT':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? [] : refused('Expected object');
    default:
      // Secret text, dropdowns, markdown and the rest: no validator.
      return [];
  }
}

/**
 * Processes, then validates, the props present in `input`; a declared prop that is absent is left
 * absent and not validated (the engine only walks the input's keys). Keys that are not props pass through.
 */
export function processProps(props: Record<string, EngineProp>, input: Record<string, unknown>): ProcessedProps {
  const processedInput: Record<string, unknown> = { ...input };
  const errors: PropsErrors = {};
  for (const key of Object.keys(input)) {
    const prop = props[key];
    if (prop === undefined) continue;
    const processor = PROCESSORS[prop.type];
    if (processor !== undefined) processedInput[key] = processor(prop, input[key]);
    const problems = validate(prop, processedInput[key], input[key]);
    if (problems.length > 0) errors[key] = problems;
  }
  return { processedInput, errors };
}

/** `processProps`, then the engine's refusal before `run`: an Error whose message is the errors as indented JSON. */
export function processPropsOrThrow(props: Record<string, EngineProp>, input: Record<string, unknown>): Record<string, unknown> {
  const { processedInput, errors } = processProps(props, input);
  if (Object.keys(errors).length > 0) throw new Error(JSON.stringify(errors, null, 2));
  return processedInput;
}
