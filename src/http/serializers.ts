/**
 * Response serializers compiled on a route's first answer instead of at start-up. fast-json-stringify checks and
 * compiles every response schema of every route when the server becomes ready: about 6 s of CPU for the record
 * routes of all entities, paid by every start (each server process, each test file) for routes most of them never
 * answer. Compiled on first use, a route costs a few milliseconds once; the serializer is the same.
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Factory = ReturnType<typeof SerializerSelector>;
type Serializer = ReturnType<ReturnType<Factory>>;

export interface LazySerializers {
  factory: Factory;
  /** Compiles every serializer still waiting for its first use, so a broken response schema fails a test. */
  compileAll(): number;
}

/**
 * One app's lazy serializers. The compilations not yet needed are kept per app, not per process: tests run many
 * apps in one process, and a process-wide list would make `compileAll` compile the routes of every app closed
 * before it (minutes instead of seconds) and keep their schemas alive.
 */
export function lazySerializers(): LazySerializers {
  const pending = new Set<() => void>();
  const factory: Factory = (externalSchemas, options) => {
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
  return {
    factory,
    compileAll: () => {
      const waiting = [...pending];
      for (const compile of waiting) compile();
      return waiting.length;
    },
  };
}
