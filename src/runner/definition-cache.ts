/**
 * Parsed definitions by (pipeline, version). A version's definition never changes once written, so a parse
 * can be reused by every execution of it, on every node.
 */
import { parseDefinition } from '../engine/definition/parse.js';
import type { PipelineDefinition } from '../engine/definition/types.js';
import type { Db } from '../store/pipelines.js';
import { findPipelineVersion } from '../store/pipelines.js';

/** How many parsed definitions are kept. */
const CAPACITY = 256;

/** A small LRU of parsed definitions. */
export class DefinitionCache {
  private readonly entries = new Map<string, PipelineDefinition>();

  /** The parsed definition of a pipeline version, reading it from `db` on a miss. */
  async get(db: Db, pipelineId: string, versionId: number): Promise<PipelineDefinition> {
    const key = `${pipelineId}:${versionId}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const version = await findPipelineVersion(db, pipelineId, versionId);
    if (!version) throw new Error(`Pipeline version ${key} is missing from the store`);
    return this.put(key, version.definition);
  }

  /** Parses `text` (already validated when stored) and keeps it. */
  put(key: string, text: string): PipelineDefinition {
    const result = parseDefinition(text);
    if (!result.ok) throw new Error(`Stored definition ${key} no longer parses: ${result.problems[0]?.message ?? ''}`);
    this.entries.set(key, result.definition);
    if (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value as string);
    return result.definition;
  }
}
