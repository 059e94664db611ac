/**
 * Response serializers compiled on a route's first answer instead of at start-up. fast-json-stringify checks and
 * compiles every response schema of every route when the server becomes ready: about 6 s of CPU for the record
 * routes of all entities, paid by every start (each server process, each test file) for routes most of them never
 * answer. Compiled on first use, a route costs a few milliseconds once; the serializer is the same.
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Factory = ReturnType<typeof SerializerSelector>;
type Serializer = ReturnType<ReturnType<Factory>>;

/** The compilations not yet needed; `compileAllSerializers` runs them (a test checks every schema compiles). */
const pending = new Set<() => void>();

export const lazySerializerFactory: Factory = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  return (route) => {
    let serialize: Serializer | undefined;
    const compileNow = (): Serializer => {
      pending.delete(compileNow);
      serialize ??= compile(route);
      return serialize;
    };
    pending.add(compileNow);
    // Once compiled, an answer costs the serializer alone: no set lookup on the hot path.
    return (data) => (serialize ?? compileNow())(data);
  };
};

/** Compiles every serializer still waiting for its first use, so a broken response schema fails a test. */
export function compileAllSerializers(): number {
  const waiting = [...pending];
  for (const compile of waiting) compile();
  return waiting.length;
}
